//! SCIENCE.md fact 15 on the studio's own built-in photo set, through the studio's code path
//! (library → stored set → masked query → recorded panels): the classic network fails on the
//! correlated photos, one modern update at β = 0.1 recovers every one of them.

#[path = "shared/photos.rs"]
mod photos;
use photos::photo_set;

use hopfield_lab::engine::classic::{LearningRule, UpdateMode};
use hopfield_lab::engine::dense::Interaction;
use hopfield_lab::engine::math;
use hopfield_lab::engine::model::ModelSpec;
use hopfield_lab::lab::studio::playback::PanelRun;
use hopfield_lab::lab::studio::query::{Edit, build};

#[test]
fn classic_fails_and_modern_recovers_the_masked_photos() {
    let set = photo_set();
    let classic = ModelSpec::Classic {
        rule: LearningRule::Hebbian,
        update: UpdateMode::Async,
    };
    let dense = ModelSpec::Dense {
        interaction: Interaction::Polynomial {
            degree: 3,
            rectified: false,
        },
    };
    let modern = ModelSpec::Modern { beta: 0.1 };
    let mut classic_failures = 0;
    for target in 0..set.count() {
        let q = build(&set, target, &[Edit::MaskLowerHalf], 1).unwrap();
        let c = PanelRun::record(&classic, &set.binary, &q.binary, 1).unwrap();
        let d = PanelRun::record(&dense, &set.binary, &q.binary, 1).unwrap();
        let m = PanelRun::record(&modern, &set.continuous, &q.continuous, 1).unwrap();
        let oc = math::overlap(
            c.retrieval.trajectory.final_state(),
            set.binary.pattern(target),
        );
        let od = math::overlap(
            d.retrieval.trajectory.final_state(),
            set.binary.pattern(target),
        );
        let om = math::overlap(
            m.retrieval.trajectory.final_state(),
            set.continuous.pattern(target),
        );
        println!(
            "{:>10}: classic {oc:.3} ({} sweeps)  dense {od:.3} ({} sweeps)  modern {om:.4} ({} steps)",
            set.labels[target],
            c.steps(),
            d.steps(),
            m.steps()
        );
        assert!(om > 0.99, "modern on {}: {om}", set.labels[target]);
        classic_failures += usize::from(oc < 0.9);
    }
    assert!(
        classic_failures >= 2,
        "classic failed on only {classic_failures} photos"
    );
}
