//! The global keyboard shortcuts, decoupled from the views: a key press maps to an [`Action`],
//! and an action names the test hooks (`data-testid`) of the controls it operates, so any view
//! that exposes those controls gets the shortcut for free.

/// What a shortcut does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Start or pause playback (studio, landscape β sweep).
    PlayPause,
    /// One step forward.
    StepForward,
    /// One step back.
    StepBack,
    /// β a quarter decade down ([`BETA_KEY_DECADES`]).
    BetaDown,
    /// β a quarter decade up.
    BetaUp,
    /// The lecture's next scene.
    NextScene,
    /// The lecture's previous scene.
    PreviousScene,
    /// Enter or leave fullscreen.
    Fullscreen,
    /// Show the list of shortcuts.
    Help,
}

/// Where the key press happened, as far as shortcuts care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// A text field, number field, slider, select or editable text: keys belong to it.
    Field,
    /// A button or link: space presses it natively.
    Button,
    /// Anywhere else.
    Page,
}

impl Action {
    /// Every action, in the order the help overlay lists them.
    pub const ALL: [Action; 9] = [
        Action::PlayPause,
        Action::StepForward,
        Action::StepBack,
        Action::BetaDown,
        Action::BetaUp,
        Action::NextScene,
        Action::PreviousScene,
        Action::Fullscreen,
        Action::Help,
    ];

    /// The key as the help overlay shows it.
    pub fn key_label(self) -> &'static str {
        match self {
            Action::PlayPause => "Space",
            Action::StepForward => "→",
            Action::StepBack => "←",
            Action::BetaDown => "[",
            Action::BetaUp => "]",
            Action::NextScene => "N",
            Action::PreviousScene => "P",
            Action::Fullscreen => "F",
            Action::Help => "?",
        }
    }

    /// What the action does, for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Action::PlayPause => "play or pause",
            Action::StepForward => "step forward",
            Action::StepBack => "step back",
            Action::BetaDown => "lower β a quarter decade (÷1.78)",
            Action::BetaUp => "raise β a quarter decade (×1.78)",
            Action::NextScene => "next lecture scene",
            Action::PreviousScene => "previous lecture scene",
            Action::Fullscreen => "fullscreen on or off",
            Action::Help => "this list (Escape closes it)",
        }
    }

    /// The `data-testid`s of the buttons the action clicks, the first one present wins; empty
    /// for the actions the shell handles itself (β, fullscreen, help).
    pub fn buttons(self) -> &'static [&'static str] {
        match self {
            Action::PlayPause => &["play", "landscape-play"],
            Action::StepForward => &["step"],
            Action::StepBack => &["step-back"],
            Action::NextScene => &["scene-next"],
            Action::PreviousScene => &["scene-prev"],
            Action::BetaDown | Action::BetaUp | Action::Fullscreen | Action::Help => &[],
        }
    }
}

/// How far one press of `[` or `]` moves β, in decades: every β slider is on a log₁₀ scale,
/// and a quarter decade (a factor 1.78) is a step one sees, four presses a decade.
pub const BETA_KEY_DECADES: f64 = 0.25;

/// The log₁₀ β slider's value `value` after one press in `direction` (±1), kept in
/// [`min`, `max`].
pub fn nudged(value: f64, direction: f64, min: f64, max: f64) -> f64 {
    (value + direction * BETA_KEY_DECADES).clamp(min, max)
}

/// The action of `key` (a `KeyboardEvent.key`) pressed at `focus`; `None` when the key is not
/// a shortcut there. Keys with Ctrl, Alt or Meta stay the browser's.
pub fn action(key: &str, with_modifier: bool, focus: Focus) -> Option<Action> {
    if with_modifier || focus == Focus::Field {
        return None;
    }
    Some(match key {
        " " | "Spacebar" if focus == Focus::Page => Action::PlayPause,
        "ArrowRight" => Action::StepForward,
        "ArrowLeft" => Action::StepBack,
        "[" => Action::BetaDown,
        "]" => Action::BetaUp,
        "n" | "N" => Action::NextScene,
        "p" | "P" => Action::PreviousScene,
        "f" | "F" => Action::Fullscreen,
        "?" => Action::Help,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_every_listed_key_to_its_action() {
        for a in Action::ALL {
            let key = match a.key_label() {
                "Space" => " ",
                "→" => "ArrowRight",
                "←" => "ArrowLeft",
                other => other,
            };
            assert_eq!(action(key, false, Focus::Page), Some(a), "{key}");
        }
        assert_eq!(action("n", false, Focus::Page), Some(Action::NextScene));
        assert_eq!(action("x", false, Focus::Page), None);
    }

    #[test]
    fn leaves_fields_buttons_and_browser_shortcuts_alone() {
        assert_eq!(action("f", false, Focus::Field), None);
        assert_eq!(action("ArrowLeft", false, Focus::Field), None);
        assert_eq!(action("f", true, Focus::Page), None);
        // Space presses a focused button natively; the arrows still step.
        assert_eq!(action(" ", false, Focus::Button), None);
        assert_eq!(
            action("ArrowRight", false, Focus::Button),
            Some(Action::StepForward)
        );
    }

    #[test]
    fn beta_keys_move_a_quarter_decade() {
        // Issue 16.9: the keys once moved β by the slider's 0.01-decade step (2 %).
        let up = nudged(-1.0, 1.0, -4.0, 2.0);
        assert!((10f64.powf(up) / 0.1 - 1.778).abs() < 1e-3, "{up}");
        assert!((nudged(-1.0, -1.0, -4.0, 2.0) + 1.25).abs() < 1e-12);
        assert_eq!(nudged(1.9, 1.0, -4.0, 2.0), 2.0);
        assert_eq!(nudged(-3.9, -1.0, -4.0, 2.0), -4.0);
    }

    #[test]
    fn view_actions_name_buttons_and_shell_actions_none() {
        assert_eq!(Action::PlayPause.buttons(), ["play", "landscape-play"]);
        assert!(Action::Help.buttons().is_empty());
        let with_buttons = Action::ALL
            .iter()
            .filter(|a| !a.buttons().is_empty())
            .count();
        assert_eq!(with_buttons, 5);
    }
}
