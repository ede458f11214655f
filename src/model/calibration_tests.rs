//! Calibration documents: the participant's own account and nothing of anyone else.
