"""Random inspections (双随机、一公开): item lists, directories, plans, verifiable draws, tasks, results."""
