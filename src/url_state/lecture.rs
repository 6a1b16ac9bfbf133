//! The guided lecture: eight scenes that tell the story of the talk in order, each a share
//! link into one of the views plus two or three sentences, the formula, and what to watch.
//! A scene is shown when the page's link carries `lecture=<n>` (from 1); moving to another
//! scene opens its link, so every scene starts exactly as its link says.

use super::query::{Notices, Query, number};

/// One scene of the lecture. Its two or three sentences, formula and what to watch are the
/// static page `www/lecture/<n>.html`, fetched when the scene opens (text the wasm bundle need
/// not carry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scene {
    pub title: &'static str,
    /// The view and its settings, as a link's query without `?` and without `lecture`.
    pub link: &'static str,
}

/// Where scene `index`'s (0-based) text is, relative to the page.
pub fn scene_text_url(index: usize) -> String {
    format!("lecture/{}.html", index.min(SCENES.len() - 1) + 1)
}

/// The scenes, in the order of the talk.
pub const SCENES: [Scene; 10] = [
    Scene {
        title: "The classical Hopfield network and its energy",
        link: "view=studio&source=glyphs&count=4&side=32&edits=flip:0.2",
    },
    Scene {
        title: "Its capacity limit",
        link: "view=capacity&preset=classic-breaks",
    },
    Scene {
        title: "Dense associative memories",
        link: "view=capacity&preset=dense-poly",
    },
    Scene {
        title: "The modern network retrieves in one step",
        link: "view=studio&source=photos&edits=mask-lower&beta=0.1",
    },
    Scene {
        title: "β and the three kinds of fixed point",
        link: "view=landscape&preset=two-close-one-far&beta=0.05",
    },
    Scene {
        title: "Metastable states",
        link: "view=landscape&preset=two-clusters&beta=2&basins=1",
    },
    Scene {
        title: "The update is transformer attention",
        link: "view=heads&text=0&m=1&head=1.1&row=1",
    },
    Scene {
        title: "Exponential capacity",
        link: "view=capacity&preset=modern-thousands",
    },
    Scene {
        title: "Exponentially small retrieval error",
        link: "view=landscape&tab=theory&hd-source=random-binary&hd-mask=eighth&hd-beta=0.01",
    },
    Scene {
        title: "Attention learns: from averaging to retrieval",
        link: "view=learn&task=recall",
    },
];

/// The scene a link asks for (0-based), if it carries `lecture`; a bad number is clamped into
/// 1…9 with a notice.
pub fn scene_from_query(q: &Query, notes: &mut Notices) -> Option<usize> {
    q.get("lecture")?;
    let mut n = 1usize;
    number(q, "lecture", 1..=SCENES.len(), &mut n, notes);
    Some(n - 1)
}

/// The link of scene `index` (0-based), with its `lecture` parameter.
pub fn scene_query(index: usize) -> String {
    let index = index.min(SCENES.len() - 1);
    format!("?{}&lecture={}", SCENES[index].link, index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::capacity::CapacitySettings;
    use crate::lab::heads::link::HeadsLink;
    use crate::lab::landscape::settings::Settings as LandscapeSettings;
    use crate::lab::studio::link::StudioLink;
    use crate::url_state::route::{View, view_from_query};

    #[test]
    fn every_scene_opens_its_view_without_notices() {
        for (i, scene) in SCENES.iter().enumerate() {
            let link = scene_query(i);
            let (_, notice) = view_from_query(&link);
            assert!(notice.is_none(), "{}: {link}", scene.title);
            let q = Query::parse(&link);
            let mut notes = Notices::default();
            assert_eq!(scene_from_query(&q, &mut notes), Some(i));
            // The view reads every parameter of the scene without complaint.
            let view_notes = match view_from_query(&link).0 {
                View::Studio => StudioLink::from_query(&q).1,
                View::Landscape => LandscapeSettings::from_query(&q).1,
                View::Capacity => CapacitySettings::from_query(&q).1,
                View::Heads => HeadsLink::from_query(&q, 6, 12).1,
                View::Learn => crate::lab::learn::link::from_query(&q).1,
                View::Pooling => crate::engine::pooling::PoolConfig::from_query(&q).1,
            };
            notes.0.extend(view_notes.0);
            assert!(notes.0.is_empty(), "{}: {notes:?}", scene.title);
            let file = format!("{}/www/{}", env!("CARGO_MANIFEST_DIR"), scene_text_url(i));
            let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert!(
                text.contains("lecture-text") && text.contains("<math") && text.contains("Watch"),
                "{file}"
            );
        }
    }

    #[test]
    fn the_loader_opens_bare_lecture_links_with_these_scenes() {
        // www/start.js turns `?lecture=N` into scene N's link before it picks the view's
        // module: its copy of the links must be this table.
        let file = format!("{}/www/start.js", env!("CARGO_MANIFEST_DIR"));
        let js = std::fs::read_to_string(&file).unwrap();
        let list = js
            .split_once("const SCENES = [")
            .and_then(|(_, rest)| rest.split_once("];"))
            .map(|(list, _)| list)
            .expect("start.js has a SCENES list");
        let links: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
        assert_eq!(links, SCENES.map(|s| s.link));
    }

    #[test]
    fn out_of_range_scenes_are_clamped_with_a_notice() {
        let mut notes = Notices::default();
        assert_eq!(
            scene_from_query(&Query::parse("lecture=99"), &mut notes),
            Some(SCENES.len() - 1)
        );
        assert_eq!(
            scene_from_query(&Query::parse("lecture=x"), &mut notes),
            Some(0)
        );
        assert_eq!(notes.0.len(), 2);
        assert_eq!(
            scene_from_query(&Query::parse("view=studio"), &mut notes),
            None
        );
    }
}
