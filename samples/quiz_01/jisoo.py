"""All right, in every accepted form: a string fraction, numpy values, a lower-case letter."""
import numpy as np

q1 = 6           # jisoo's own x = [3, -1, 2]
q2 = "10"
q3 = 5.0
q4 = np.pi / 4
q5 = np.int64(16)
q6 = np.array([-4, 0, -3])  # x * y for jisoo's own y = [-4, 0, -1]
q7 = "a"
