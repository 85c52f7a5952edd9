"""Simplified deregistration (简易注销): eligibility, public notice, objections, completion."""
