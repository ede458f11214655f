//! Element-level map edits: the commands that turn one version of a map into another,
//! one per step, arrow or link that changed, so undo keeps only what changed.

use crate::model::command::{Command, Edit};
use crate::model::id::{Entity, Id};
use crate::model::session::WorkMap;

/// The commands that turn `before` into `after` (the same map, edited): a removal for
/// each step, arrow or link that is gone, and a put for each one that is new or
/// changed. A change to the map itself (its name, its lanes) or to the order of
/// elements that stay is one whole-map put instead. Empty when nothing changed.
pub fn element_commands(before: &WorkMap, after: &WorkMap) -> Vec<Command> {
    if before.id != after.id || before.name != after.name || before.lanes != after.lanes {
        return whole(before, after);
    }
    let map = after.id;
    let (Some(nodes), Some(edges), Some(links)) = (
        part(&before.nodes, &after.nodes),
        part(&before.edges, &after.edges),
        part(&before.links, &after.links),
    ) else {
        return whole(before, after);
    };
    // Links and arrows refer to steps: remove them before their steps, and put
    // steps before the links and arrows that refer to them.
    let mut out = Vec::new();
    out.extend(
        links
            .removed
            .into_iter()
            .map(|edit| Command::MapLink { map, edit }),
    );
    out.extend(
        edges
            .removed
            .into_iter()
            .map(|edit| Command::MapEdge { map, edit }),
    );
    out.extend(
        nodes
            .removed
            .into_iter()
            .map(|edit| Command::MapNode { map, edit }),
    );
    out.extend(
        nodes
            .put
            .into_iter()
            .map(|edit| Command::MapNode { map, edit }),
    );
    out.extend(
        edges
            .put
            .into_iter()
            .map(|edit| Command::MapEdge { map, edit }),
    );
    out.extend(
        links
            .put
            .into_iter()
            .map(|edit| Command::MapLink { map, edit }),
    );
    out
}

fn whole(before: &WorkMap, after: &WorkMap) -> Vec<Command> {
    if before == after {
        Vec::new()
    } else {
        vec![Command::Map(Edit::put(after.clone()))]
    }
}

/// The edits of one list of a map's elements.
struct Part<T> {
    removed: Vec<Edit<T>>,
    put: Vec<Edit<T>>,
}

/// Removals and puts that turn `before` into `after`, or `None` when elements that
/// stay changed their order (a whole-map put says that more simply).
fn part<T: Entity + Clone + PartialEq>(before: &[T], after: &[T]) -> Option<Part<T>> {
    let after_ids: std::collections::HashSet<Id> = after.iter().map(Entity::id).collect();
    let before_ids: std::collections::HashMap<Id, &T> =
        before.iter().map(|x| (x.id(), x)).collect();
    let removed = before
        .iter()
        .filter(|x| !after_ids.contains(&x.id()))
        .map(|x| Edit::remove(x.id()))
        .collect();
    let kept_before = before.iter().filter(|x| after_ids.contains(&x.id()));
    let kept_after = after.iter().filter(|x| before_ids.contains_key(&x.id()));
    if !kept_before.map(Entity::id).eq(kept_after.map(Entity::id)) {
        return None;
    }
    // In order of the final list, so each new element's index is right when it is
    // inserted: everything before it is already in place.
    let put = after
        .iter()
        .enumerate()
        .filter_map(|(at, x)| match before_ids.get(&x.id()) {
            Some(old) if *old == x => None,
            Some(_) => Some(Edit::put(x.clone())),
            None => Some(Edit::Put {
                item: x.clone(),
                index: Some(at),
            }),
        })
        .collect();
    Some(Part { removed, put })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::map::{connect, new_map, remove_node};
    use crate::model::session::{Lane, MapNode, Relation, Session};

    fn node(label: &str, lane: Lane, x: f32) -> MapNode {
        MapNode {
            id: Id::new(),
            label: label.into(),
            lane,
            pos: [x, 0.0],
            ..MapNode::default()
        }
    }

    /// Applies the commands to a session holding `before`, checks the map became
    /// `after`, then applies the inverses and checks it is `before` again.
    fn round_trip(before: &WorkMap, after: &WorkMap) -> Vec<Command> {
        let cmds = element_commands(before, after);
        let mut s = Session::default();
        s.maps.push(before.clone());
        let mut inverses = Vec::new();
        for c in cmds.clone() {
            inverses.push(c.apply(&mut s).expect("applies"));
        }
        assert_eq!(&s.maps[0], after);
        for inv in inverses.into_iter().rev() {
            inv.apply(&mut s).expect("undoes");
        }
        assert_eq!(&s.maps[0], before);
        cmds
    }

    fn sample() -> WorkMap {
        let mut m = new_map("Responding to a pool alert");
        m.nodes.push(node("Page arrives", Lane::Imagined, 0.0));
        m.nodes.push(node("Check runbook", Lane::Imagined, 100.0));
        m.nodes
            .push(node("Look at the graph first", Lane::Done, 0.0));
        m
    }

    #[test]
    fn nothing_changed_is_no_command() {
        let m = sample();
        assert!(element_commands(&m, &m.clone()).is_empty());
    }

    #[test]
    fn renaming_a_step_puts_only_that_step() {
        let before = sample();
        let mut after = before.clone();
        after.nodes[1].label = "Read the runbook".into();
        let cmds = round_trip(&before, &after);
        assert_eq!(cmds.len(), 1);
        assert!(
            matches!(&cmds[0], Command::MapNode { edit: Edit::Put { item, .. }, .. } if item.id == after.nodes[1].id),
            "{cmds:?}"
        );
    }

    #[test]
    fn adding_moving_connecting_and_removing_are_element_commands() {
        let before = sample();
        // Add a step in the middle of the list and move another.
        let mut after = before.clone();
        after.nodes.insert(1, node("Ask in chat", Lane::Done, 50.0));
        after.nodes[0].pos = [10.0, 4.0];
        let cmds = round_trip(&before, &after);
        assert_eq!(cmds.len(), 2, "{cmds:?}");
        assert!(cmds.iter().all(|c| matches!(c, Command::MapNode { .. })));
        // Connect two steps across lanes (a link), then remove a step with its link.
        let (linked, _) = connect(
            &after,
            after.nodes[0].id,
            after.nodes[1].id,
            Relation::Adapts,
        )
        .expect("connects");
        let cmds = round_trip(&after, &linked);
        assert!(
            cmds.iter().all(|c| !matches!(c, Command::Map(_))),
            "{cmds:?}"
        );
        let removed = remove_node(&linked, linked.nodes[1].id);
        let cmds = round_trip(&linked, &removed);
        assert!(
            cmds.iter().all(|c| !matches!(c, Command::Map(_))),
            "{cmds:?}"
        );
        assert!(
            cmds.iter().any(|c| matches!(
                c,
                Command::MapNode {
                    edit: Edit::Remove { .. },
                    ..
                }
            )),
            "{cmds:?}"
        );
    }

    #[test]
    fn renaming_the_map_or_reordering_steps_is_one_whole_map_put() {
        let before = sample();
        let mut renamed = before.clone();
        renamed.name = "Pool alerts".into();
        assert!(matches!(
            round_trip(&before, &renamed)[..],
            [Command::Map(_)]
        ));
        let mut reordered = before.clone();
        reordered.nodes.swap(0, 2);
        assert!(matches!(
            round_trip(&before, &reordered)[..],
            [Command::Map(_)]
        ));
    }
}
