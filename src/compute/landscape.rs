//! The landscape's high-dimensional jobs as pool plans ([`ListPlan`]s): the β scan, one job
//! per β ([`scan_plan`]); the basin map of a plane, one job per row of its grid
//! ([`basin_plan`]); the theory figures, one job per β ([`theory_plan`]) or per N
//! ([`sphere_plan`]). Each publishes in order and each job is seeded by its place, so the
//! results do not depend on the number of workers.

use super::list::ListPlan;
use super::protocol::{Reply, Request};
use crate::engine::PatternSet;
use crate::engine::landscape::{Grid, Plane};
use crate::lab::landscape::beta_scan::{ScanRow, start_count};
use crate::lab::landscape::plane_job::CellBasins;
use crate::lab::landscape::theory::{TheoryRow, sphere_jobs};

/// The β scan of `patterns` and `query` at `betas`, its noisy starts drawn from `seed`.
pub fn scan_plan(
    patterns: &PatternSet,
    query: &[f32],
    betas: &[f32],
    seed: u64,
) -> ListPlan<ScanRow> {
    let per_row = start_count(patterns);
    let requests = betas
        .iter()
        .enumerate()
        .map(|(index, &beta)| Request::ScanBeta {
            patterns: patterns.clone(),
            query: query.to_vec(),
            beta,
            index,
            seed,
        })
        .collect();
    ListPlan::new(
        requests,
        per_row,
        Box::new(|reply| match reply {
            Reply::ScanRow(row) => Ok(row),
            _ => Err("a worker answered a β scan with something else".into()),
        }),
    )
}

/// The basin map of `grid` on `plane` for `patterns` at `beta`, a row of cells per job.
pub fn basin_plan(
    patterns: &PatternSet,
    beta: f32,
    plane: &Plane,
    grid: Grid,
) -> ListPlan<CellBasins> {
    let width = grid.width;
    let requests = (0..grid.height)
        .map(|row| Request::PlaneCells {
            patterns: patterns.clone(),
            beta,
            plane: plane.clone(),
            grid,
            first: row * width,
            count: width,
        })
        .collect();
    ListPlan::new(
        requests,
        width,
        Box::new(move |reply| match reply {
            Reply::Cells(cells) if cells.labels.len() != width => Err(format!(
                "a worker returned {} cells for a row of {width}",
                cells.labels.len()
            )),
            Reply::Cells(cells) => Ok(cells),
            _ => Err("a worker answered a basin map with something else".into()),
        }),
    )
}

/// The basin map of the landscape's 2-D section: `grid` over the plane of `patterns` (d = 2)
/// at `beta`, each cell labelled by the fixed point of `fixed` (their states) it relaxes to,
/// in about two jobs per worker of whole rows. Its items are the jobs' labels, in row order.
pub fn basin_map_plan(
    patterns: &PatternSet,
    beta: f32,
    fixed: &[Vec<f32>],
    grid: Grid,
    max_steps: usize,
    workers: usize,
) -> ListPlan<Vec<Option<usize>>> {
    let rows = grid.height.div_ceil(2 * workers.max(1)).max(1);
    let requests = (0..grid.height)
        .step_by(rows)
        .map(|first_row| Request::Basins {
            patterns: patterns.clone(),
            beta,
            fixed: fixed.to_vec(),
            grid,
            first_row,
            rows: rows.min(grid.height - first_row),
            max_steps,
        })
        .collect();
    ListPlan::new(
        requests,
        1,
        Box::new(|reply| match reply {
            Reply::Basins(labels) => Ok(labels),
            _ => Err("a worker answered a basin map with something else".into()),
        }),
    )
}

fn take_theory(reply: Reply) -> Result<TheoryRow, String> {
    match reply {
        Reply::Theory(row) => Ok(row),
        _ => Err("a worker answered a theory figure with something else".into()),
    }
}

/// The theory rows of `target` and `query` on `patterns` at `betas`.
pub fn theory_plan(
    patterns: &PatternSet,
    target: usize,
    query: &[f32],
    betas: &[f32],
) -> ListPlan<TheoryRow> {
    let requests = betas
        .iter()
        .map(|&beta| Request::Theory {
            patterns: patterns.clone(),
            target,
            query: query.to_vec(),
            beta,
        })
        .collect();
    ListPlan::new(requests, 1, Box::new(take_theory))
}

/// The theory rows of random sets on the sphere, for every (β, N) of the N figure.
pub fn sphere_plan(seed: u64) -> ListPlan<TheoryRow> {
    let requests = sphere_jobs()
        .map(|(beta, count)| Request::SphereTheory { count, beta, seed })
        .collect();
    ListPlan::new(requests, 1, Box::new(take_theory))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::executor::execute;
    use crate::compute::plan::Plan;
    use crate::compute::plan::run_threads;
    use crate::engine::corruption::mask_lower_half_vector;
    use crate::engine::fixed_points::log_grid;
    use crate::engine::{ModernHopfield, SeededRng};
    use crate::lab::landscape::beta_scan::scan_row;
    use crate::lab::landscape::plane_job::BasinMap;
    use crate::lab::landscape::plane_job::PlaneSetup;
    use crate::lab::landscape::theory::{SPHERE_BETAS, sphere_row, theory_row};

    fn set() -> PatternSet {
        PatternSet::random_binary(48, 6, &mut SeededRng::new(8)).unwrap()
    }

    /// Runs `plan` job by job in the order `order` gives, through the wire both ways.
    fn by_hand<P: Plan>(mut plan: P, reverse: bool) -> Vec<P::Item> {
        let mut jobs = Vec::new();
        while let Some(job) = plan.next_job() {
            jobs.push(job);
        }
        if reverse {
            jobs.reverse();
        }
        let mut out = Vec::new();
        let mut last = 0.0;
        for (id, request) in jobs {
            let request = Request::decode(&request.encode()).unwrap();
            let reply = execute(&request, &|| 0.0, &mut |_| {});
            let reply = Reply::decode(&reply.encode()).unwrap();
            out.extend(plan.complete(id, reply).unwrap());
            assert!(plan.fraction() >= last);
            last = plan.fraction();
        }
        assert!(plan.is_done());
        assert_eq!(plan.fraction(), 1.0);
        out
    }

    #[test]
    fn the_scan_is_the_same_for_any_worker_count_and_reply_order() {
        let set = set();
        let query = mask_lower_half_vector(set.pattern(1), 0.0).unwrap();
        let betas = log_grid(0.01, 5.0, 7).unwrap();
        let expected: Vec<ScanRow> = betas
            .iter()
            .enumerate()
            .map(|(i, &b)| scan_row(&set, &query, b, i, 4, &mut |_| {}).unwrap())
            .collect();
        let plan = || scan_plan(&set, &query, &betas, 4);
        for reverse in [false, true] {
            let rows = by_hand(plan(), reverse);
            assert_eq!(rows, expected);
        }
        for threads in 1..=3 {
            let mut rows = Vec::new();
            run_threads(plan(), threads, |r| rows.push(r)).unwrap();
            assert_eq!(rows, expected, "{threads} threads");
        }
    }

    #[test]
    fn the_basin_map_is_the_same_for_any_worker_count_and_reply_order() {
        let set = set();
        let setup =
            PlaneSetup::through(&set, [set.pattern(0), set.pattern(1), set.pattern(2)]).unwrap();
        let grid = setup.grid(8).unwrap();
        let plan = || basin_plan(&set, 1.0, &setup.plane, grid);
        let merged = |parts: Vec<CellBasins>| {
            let mut map = BasinMap::new(&set);
            parts.into_iter().for_each(|p| map.add(p));
            (map.labels().to_vec(), map.fixed_points().to_vec())
        };
        let first = merged(by_hand(plan(), false));
        assert_eq!(first.0.len(), 64);
        assert!(first.1.len() >= 3, "the three anchors' points at least");
        let reversed = merged(by_hand(plan(), true));
        assert_eq!(reversed, first);
        for threads in 1..=3 {
            let mut parts = Vec::new();
            run_threads(plan(), threads, |p| parts.push(p)).unwrap();
            assert_eq!(merged(parts), first, "{threads} threads");
        }
    }

    #[test]
    fn the_2d_basin_map_is_the_engines_map_for_any_worker_count_and_reply_order() {
        use crate::engine::fixed_points::{FixedPointOptions, find_fixed_points};
        use crate::engine::landscape::{Preset, basins, view_ranges};
        let set = Preset::TwoCloseOneFar.patterns().unwrap();
        let beta = 8.0;
        let net = ModernHopfield::new(set.clone(), beta).unwrap();
        let found =
            find_fixed_points(&net, &FixedPointOptions::default(), &mut SeededRng::new(1)).unwrap();
        let fixed: Vec<Vec<f32>> = found.iter().map(|f| f.state.clone()).collect();
        let (xr, yr) = view_ranges(&set).unwrap();
        let grid = Grid::new(xr, yr, 13, 11).unwrap();
        let expected = basins(&net, &found, xr, yr, 13, 11, 300).unwrap();
        assert!(
            expected.iter().flatten().count() > 100,
            "most cells reach a point"
        );
        for workers in 1..=4 {
            let plan = || basin_map_plan(&set, beta, &fixed, grid, 300, workers);
            for reverse in [false, true] {
                assert_eq!(by_hand(plan(), reverse).concat(), expected, "{workers}");
            }
            let mut parts = Vec::new();
            run_threads(plan(), 2, |p| parts.push(p)).unwrap();
            assert_eq!(parts.concat(), expected);
        }
    }

    #[test]
    fn the_theory_rows_come_in_order_through_the_wire() {
        let set = set();
        let query = mask_lower_half_vector(set.pattern(3), 0.0).unwrap();
        let betas = [0.01, 0.1, 1.0];
        let expected: Vec<TheoryRow> = betas
            .iter()
            .map(|&b| theory_row(&set, 3, &query, b).unwrap())
            .collect();
        assert_eq!(
            by_hand(theory_plan(&set, 3, &query, &betas), true),
            expected
        );
        let mut sphere = Vec::new();
        run_threads(sphere_plan(2), 2, |r| sphere.push(r)).unwrap();
        let jobs: Vec<(f32, usize)> = sphere.iter().map(|r| (r.beta, r.count)).collect();
        assert_eq!(jobs, sphere_jobs().collect::<Vec<_>>());
        assert_eq!(sphere[3], sphere_row(16, SPHERE_BETAS[0], 2).unwrap());
    }

    #[test]
    fn wrong_and_damaged_replies_are_named() {
        let set = set();
        let mut scan = scan_plan(&set, set.pattern(0), &[1.0], 4);
        let (id, _) = scan.next_job().unwrap();
        let other = scan.complete(id, Reply::Trials(Vec::new())).unwrap_err();
        assert!(other.contains("something else"), "{other}");
        assert!(scan.complete(5, Reply::Progress { done: 1 }).is_err());
        let setup =
            PlaneSetup::through(&set, [set.pattern(0), set.pattern(1), set.pattern(2)]).unwrap();
        let mut map = basin_plan(&set, 1.0, &setup.plane, setup.grid(4).unwrap());
        let (id, _) = map.next_job().unwrap();
        let short = map.complete(id, Reply::Cells(CellBasins::default()));
        assert!(short.unwrap_err().contains("0 cells for a row of 4"));
        // A label naming no fixed point is refused when read.
        let bad = Reply::Cells(CellBasins {
            labels: vec![Some(2)],
            found: Vec::new(),
        });
        assert!(Reply::decode(&bad.encode()).is_err());
    }
}
