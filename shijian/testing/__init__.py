"""Test support shared by every app: a jurisdiction fixture world and the permission grid."""
