"""Partly right: a wrong angle (degrees instead of radians), a wrong shape, an invalid form."""
q1 = 6
q2 = 10
q3 = 25          # forgot the square root
q4 = 45          # degrees
q5 = 16
q6 = [[4, 10, 18]]
q7 = True        # not a letter
