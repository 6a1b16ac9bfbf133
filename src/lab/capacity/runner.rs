//! What the view shows of a run besides its points: the time left, and the exponent of the
//! dense exponential network's capacity. (The run itself is the compute pool's:
//! [`crate::compute::capacity`].)

/// I(a) = ½[(1+a) ln(1+a) + (1−a) ln(1−a)] (with 0·ln 0 = 0).
pub fn information(a: f64) -> f64 {
    let term = |x: f64| if x <= 0.0 { 0.0 } else { x * x.ln() };
    0.5 * (term(1.0 + a) + term(1.0 - a))
}

/// The exponent α of the dense exponential network's capacity N = e^{αd} with a fraction ρ of
/// the bits flipped: α < I(1 − 2ρ)/2 (Demircigil et al.).
pub fn exponential_alpha(flip: f64) -> f64 {
    information(1.0 - 2.0 * flip.clamp(0.0, 0.5)) / 2.0
}

/// Estimated seconds left of a run `fraction` done after `elapsed_ms` of work.
pub fn seconds_left(elapsed_ms: f64, fraction: f64) -> Option<f64> {
    if !(fraction > 0.0 && fraction <= 1.0 && elapsed_ms.is_finite()) {
        return None;
    }
    Some((elapsed_ms * (1.0 - fraction) / fraction / 1000.0).max(0.0))
}

/// "about 12 s left", "about 2 min left", "done".
pub fn format_time_left(seconds: Option<f64>) -> String {
    match seconds {
        None => "estimating the time left…".into(),
        Some(s) if s < 0.5 => "less than a second left".into(),
        Some(s) if s < 90.0 => format!("about {} s left", s.round()),
        Some(s) => format!("about {} min left", (s / 60.0).round()),
    }
}
