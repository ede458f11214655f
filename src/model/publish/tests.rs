//! Tests of the publish gate.
