//! Formatting times and durations for people: elapsed interview time (`12:04`),
//! offsets as people say them (`+1h30m`). A leaf of the model: plain numbers in,
//! words out, no other model module.

/// Formats seconds as `mm:ss` (or `h:mm:ss`).
pub fn fmt_secs(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Shows an offset in seconds the way people say it: `+10m`, `-1h30m`, `+45s`.
pub fn fmt_offset(secs: i64) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    let (h, m, s) = (a / 3600, (a / 60) % 60, a % 60);
    let mut out = String::from(sign);
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || a == 0 {
        out.push_str(&format!("{s}s"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_times_and_offsets_read_as_people_say_them() {
        assert_eq!(fmt_secs(0), "00:00");
        assert_eq!(fmt_secs(95), "01:35");
        assert_eq!(fmt_secs(3_725), "1:02:05");
        assert_eq!(fmt_secs(u32::MAX), "1193046:28:15");
        assert_eq!(fmt_offset(0), "+0s");
        assert_eq!(fmt_offset(5400), "+1h30m");
        assert_eq!(fmt_offset(-45), "-45s");
        // The extremes a file can hold format without overflow.
        assert_eq!(fmt_offset(i64::MIN), "-2562047788015215h30m8s");
        assert_eq!(fmt_offset(i64::MAX), "+2562047788015215h30m7s");
    }
}
