"""HTTP for school contacts: their school's voters, turnout, code slips, assisted votes."""
