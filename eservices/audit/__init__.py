"""The audit log: recording and, for administrators, browsing."""
