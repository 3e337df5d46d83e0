"""HTTP for election administrators: the election, areas and seats, schools, census."""
