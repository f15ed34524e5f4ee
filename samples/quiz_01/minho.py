"""Partly right: a wrong angle (degrees instead of radians), a wrong shape, an invalid form."""
q1 = 25          # minho's own x = [-7, 9, -9]
q2 = 10
q3 = 25          # forgot the square root
q4 = 45          # degrees
q5 = 16
q6 = [[0, -2, 15]]  # a wrong shape
q7 = True        # not a letter
