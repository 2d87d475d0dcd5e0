//! Support-service directory and nudge texts (in progress).
