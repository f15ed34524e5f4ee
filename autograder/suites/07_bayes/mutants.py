"""Realistic wrong submissions of `07_bayes`; the hidden suite must catch every one."""

from autograder.batch.validate import Mutant

MUTANTS = [
    Mutant("posterior", "evidence forgotten: returns the joint P(+, D)", '''
def posterior(prior, sensitivity, false_alarm):
    return sensitivity * prior
'''),
    Mutant("posterior", "false-alarm branch not weighted by P(not D)", '''
def posterior(prior, sensitivity, false_alarm):
    return sensitivity * prior / (sensitivity * prior + false_alarm)
'''),
    Mutant("posterior", "false-alarm branch forgotten: the evidence is only P(+ | D) P(D)", '''
def posterior(prior, sensitivity, false_alarm):
    return sensitivity * prior / (sensitivity * prior)
'''),
    Mutant("posterior", "1 - sensitivity used instead of the false-alarm rate", '''
def posterior(prior, sensitivity, false_alarm):
    return sensitivity * prior / (sensitivity * prior + (1 - sensitivity) * (1 - prior))
'''),
    Mutant("sequential_posterior", "every test starts again from the original prior", '''
def sequential_posterior(prior, sensitivity, false_alarm, n_positive):
    belief = prior
    for _ in range(n_positive):
        belief = sensitivity * prior / (sensitivity * prior + false_alarm * (1 - prior))
    return belief
'''),
    Mutant("sequential_posterior", "one update too many (off by one)", '''
def sequential_posterior(prior, sensitivity, false_alarm, n_positive):
    belief = prior
    for _ in range(n_positive + 1):
        belief = sensitivity * belief / (sensitivity * belief + false_alarm * (1 - belief))
    return belief
'''),
    Mutant("confusion_metrics", "false_alarm = fp / (fp + tp)", '''
import numpy as np
def confusion_metrics(y_true, y_pred):
    t, p = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp, fp = int(np.sum(t & p)), int(np.sum(~t & p))
    fn, tn = int(np.sum(t & ~p)), int(np.sum(~t & ~p))
    r = lambda a, b: a / b if b else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": r(tp, tp + fp),
            "recall": r(tp, tp + fn), "false_alarm": r(fp, fp + tp)}
'''),
    Mutant("confusion_metrics", "nan for empty denominators", '''
import numpy as np
def confusion_metrics(y_true, y_pred):
    t, p = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp, fp = np.sum(t & p), np.sum(~t & p)
    fn, tn = np.sum(t & ~p), np.sum(~t & ~p)
    with np.errstate(invalid="ignore"):
        return {"tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn),
                "precision": float(np.float64(tp) / (tp + fp)),
                "recall": float(np.float64(tp) / (tp + fn)),
                "false_alarm": float(np.float64(fp) / (fp + tn))}
'''),
    Mutant("confusion_metrics", "precision and recall swapped", '''
import numpy as np
def confusion_metrics(y_true, y_pred):
    t, p = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp, fp = int(np.sum(t & p)), int(np.sum(~t & p))
    fn, tn = int(np.sum(t & ~p)), int(np.sum(~t & ~p))
    r = lambda a, b: a / b if b else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": r(tp, tp + fn),
            "recall": r(tp, tp + fp), "false_alarm": r(fp, fp + tn)}
'''),
    Mutant("confusion_metrics", "fp and fn counts swapped", '''
import numpy as np
def confusion_metrics(y_true, y_pred):
    t, p = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp, fn = int(np.sum(t & p)), int(np.sum(~t & p))
    fp, tn = int(np.sum(t & ~p)), int(np.sum(~t & ~p))
    r = lambda a, b: a / b if b else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": r(tp, tp + fp),
            "recall": r(tp, tp + fn), "false_alarm": r(fp, fp + tn)}
'''),
]
