//! The dense panel's choice of interaction function, kept as three plain settings (kind,
//! degree n, β) so that switching between polynomial and exponential remembers both
//! parameters; [`DenseForm::interaction`] turns them into the engine's [`Interaction`].

use crate::engine::dense::{Interaction, MAX_DEGREE};

/// The family of F.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DenseKind {
    /// F(z) = zⁿ.
    #[default]
    Polynomial,
    /// F(z) = zⁿ for z > 0, else 0.
    Rectified,
    /// F(z) = exp(βz).
    Exponential,
}

impl DenseKind {
    /// Every kind, in menu order.
    pub const ALL: [DenseKind; 3] = [
        DenseKind::Polynomial,
        DenseKind::Rectified,
        DenseKind::Exponential,
    ];

    /// The value in the menu.
    pub fn slug(self) -> &'static str {
        match self {
            DenseKind::Polynomial => "polynomial",
            DenseKind::Rectified => "rectified",
            DenseKind::Exponential => "exp",
        }
    }

    /// The menu label.
    pub fn title(self) -> &'static str {
        match self {
            DenseKind::Polynomial => "zⁿ",
            DenseKind::Rectified => "max(z, 0)ⁿ",
            DenseKind::Exponential => "exp(βz)",
        }
    }

    /// The kind whose slug is `slug`.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == slug)
    }
}

/// Smallest and largest β the dense panel's slider offers (Demircigil et al. use β = 1).
pub const DENSE_BETA_RANGE: (f32, f32) = (1e-4, 10.0);

/// The dense panel's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DenseForm {
    /// Which F.
    pub kind: DenseKind,
    /// n of the polynomial kinds, in [2, MAX_DEGREE].
    pub degree: u32,
    /// β of the exponential kind.
    pub beta: f32,
}

impl Default for DenseForm {
    /// F(z) = z³ (and β = 1 once exponential is chosen).
    fn default() -> Self {
        Self {
            kind: DenseKind::Polynomial,
            degree: 3,
            beta: 1.0,
        }
    }
}

impl DenseForm {
    /// The engine's interaction for these settings (degree and β clamped into their ranges).
    pub fn interaction(&self) -> Interaction {
        let degree = self.degree.clamp(2, MAX_DEGREE);
        match self.kind {
            DenseKind::Polynomial => Interaction::Polynomial {
                degree,
                rectified: false,
            },
            DenseKind::Rectified => Interaction::Polynomial {
                degree,
                rectified: true,
            },
            DenseKind::Exponential => Interaction::Exponential {
                beta: self.beta.clamp(DENSE_BETA_RANGE.0, DENSE_BETA_RANGE.1),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_gives_its_interaction_and_remembers_the_other_parameter() {
        let mut form = DenseForm::default();
        assert_eq!(
            form.interaction(),
            Interaction::Polynomial {
                degree: 3,
                rectified: false
            }
        );
        form.kind = DenseKind::Exponential;
        form.beta = 0.05;
        assert_eq!(form.interaction(), Interaction::Exponential { beta: 0.05 });
        form.kind = DenseKind::Rectified;
        assert_eq!(
            form.interaction(),
            Interaction::Polynomial {
                degree: 3,
                rectified: true
            }
        );
        form.degree = 40;
        assert!(form.interaction().validate().is_ok(), "degree clamped");
        for kind in DenseKind::ALL {
            assert_eq!(DenseKind::from_slug(kind.slug()), Some(kind));
        }
        assert_eq!(DenseKind::from_slug("cubic"), None);
    }
}
