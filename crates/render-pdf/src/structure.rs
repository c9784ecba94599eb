//! A pack's one structure tree, made of its papers' trees. A screen reader reads a tagged PDF
//! through its structure tree, and each page finds its part of the tree through a number
//! (`StructParents` on the page, `StructParent` on a link or form) looked up in the tree's
//! parent tree. Every paper numbers from zero, so papers joined as they are would send the
//! pages of every paper into the front sheet's structure. Here each paper's numbers move past
//! those already used, its tree hangs, as a `Part` named after it, under a `Sect` for its
//! agenda item (after the front sheet's own structure), and its role and class maps join
//! the pack's. A paper with no tree is joined untagged, its stray numbers dropped.

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::RenderError;

/// Nesting deeper than this in a number tree is taken for a loop in a damaged file.
const MAX_DEPTH: u32 = 32;

/// The tree being built, with the parent tree kept as a list until it is written.
#[derive(Debug)]
pub struct Structure {
    root: ObjectId,
    /// The `Document` element everything hangs under.
    document: ObjectId,
    /// The front sheet's own elements, first under `document`.
    front: Vec<Object>,
    /// Each item's section: its element, its title and the papers' parts under it.
    sections: Vec<(ObjectId, String, Vec<Object>)>,
    /// Parent-tree entries: number → the element (or array of elements, by MCID) it names.
    entries: Vec<(i64, Object)>,
    next_key: i64,
    role_map: Dictionary,
    class_map: Dictionary,
}

impl Structure {
    /// Takes over the tree of `base` (the front sheet), or starts an empty one.
    pub fn of_base(base: &mut Document) -> Result<Self, RenderError> {
        let Some(root) = tree_root(base)? else {
            let root = base.new_object_id();
            let document = base.add_object(element("Document", root, None));
            base.objects.insert(
                root,
                Object::Dictionary(Dictionary::from_iter([(
                    "Type",
                    Object::Name(b"StructTreeRoot".to_vec()),
                )])),
            );
            return Ok(Self {
                root,
                document,
                front: Vec::new(),
                sections: Vec::new(),
                entries: Vec::new(),
                next_key: 0,
                role_map: Dictionary::new(),
                class_map: Dictionary::new(),
            });
        };
        let tree = base.get_dictionary(root)?.clone();
        let role_map = map_of(base, &tree, b"RoleMap");
        let class_map = map_of(base, &tree, b"ClassMap");
        let (entries, nodes) = parent_tree(base, &tree);
        for node in nodes {
            base.objects.remove(&node);
        }
        let next_key = next_key(base, &tree, &entries);
        let kids = kids_of(base, tree.get(b"K").ok());
        let single_document = match kids.as_slice() {
            [Object::Reference(id)] if is_document(base, *id, &role_map) => Some(*id),
            _ => None,
        };
        let (document, front) = match single_document {
            Some(id) => (id, kids_of(base, base.get_dictionary(id)?.get(b"K").ok())),
            None => {
                let id = base.add_object(element("Document", root, None));
                reparent(base, &kids, id);
                (id, kids)
            }
        };
        Ok(Self {
            root,
            document,
            front,
            sections: Vec::new(),
            entries,
            next_key,
            role_map,
            class_map,
        })
    }

    /// Starts the section of an agenda item; the papers grafted next go under it.
    pub fn section(&mut self, pack: &mut Document, title: &str) {
        let id = pack.new_object_id();
        self.sections.push((id, title.to_owned(), Vec::new()));
    }

    /// Moves `part`'s tree into the pack's under the current section, as a `Part` called
    /// `title`. `part` must already be renumbered past the pack's objects, and its objects are
    /// still to be moved into the pack.
    pub fn graft(&mut self, pack: &mut Document, part: &mut Document, title: &str) -> Result<(), RenderError> {
        let Some(root) = tree_root(part)? else {
            // Untagged: numbers left on its pages would point into other papers' structure.
            for object in part.objects.values_mut() {
                if let Some(dict) = dictionary_of(object) {
                    dict.remove(b"StructParents");
                    dict.remove(b"StructParent");
                }
            }
            return Ok(());
        };
        let tree = part.get_dictionary(root)?.clone();
        let (entries, nodes) = parent_tree(part, &tree);
        let used = next_key(part, &tree, &entries);
        let offset = self.next_key;
        for object in part.objects.values_mut() {
            if let Some(dict) = dictionary_of(object) {
                for key in [&b"StructParents"[..], b"StructParent"] {
                    if let Ok(Object::Integer(n)) = dict.get(key) {
                        let moved = n + offset;
                        dict.set(key, Object::Integer(moved));
                    }
                }
            }
        }
        self.entries
            .extend(entries.into_iter().map(|(key, value)| (key + offset, value)));
        self.next_key += used;
        let roles = map_of(part, &tree, b"RoleMap");
        merge_into(&mut self.role_map, &roles);
        merge_into(&mut self.class_map, &map_of(part, &tree, b"ClassMap"));

        let container = self.sections.last().map_or(self.document, |(id, _, _)| *id);
        let kids = kids_of(part, tree.get(b"K").ok());
        let whole = match kids.as_slice() {
            [Object::Reference(id)] if is_document(part, *id, &roles) => Some(*id),
            _ => None,
        };
        let named = match whole {
            // The paper's own Document becomes the pack's Part for it.
            Some(id) => {
                let dict = part.get_dictionary_mut(id)?;
                dict.set("S", Object::Name(b"Part".to_vec()));
                dict.set("P", Object::Reference(container));
                dict.set("T", crate::merge::text_string(title));
                id
            }
            None => {
                let id = pack.new_object_id();
                let mut dict = element("Part", container, Some(title));
                dict.set("K", Object::Array(kids.clone()));
                pack.objects.insert(id, Object::Dictionary(dict));
                reparent(part, &kids, id);
                id
            }
        };
        part.objects.remove(&root);
        for node in nodes {
            part.objects.remove(&node);
        }
        match self.sections.last_mut() {
            Some((_, _, parts)) => parts.push(Object::Reference(named)),
            None => self.front.push(Object::Reference(named)),
        }
        Ok(())
    }

    /// Writes the tree into `pack` and marks the pack as tagged.
    pub fn finish(&mut self, pack: &mut Document) -> Result<(), RenderError> {
        let mut kids = std::mem::take(&mut self.front);
        for (id, title, parts) in std::mem::take(&mut self.sections) {
            // An item none of whose papers is tagged has nothing to hold.
            if parts.is_empty() {
                continue;
            }
            let mut dict = element("Sect", self.document, Some(&title));
            dict.set("K", Object::Array(parts));
            pack.objects.insert(id, Object::Dictionary(dict));
            kids.push(Object::Reference(id));
        }
        pack.get_dictionary_mut(self.document)?.set("K", Object::Array(kids));
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort_by_key(|(key, _)| *key);
        entries.dedup_by_key(|(key, _)| *key);
        let nums = entries
            .into_iter()
            .flat_map(|(key, value)| [Object::Integer(key), value])
            .collect();
        let parent_tree = pack.add_object(Dictionary::from_iter([("Nums", Object::Array(nums))]));
        let tree = pack.get_dictionary_mut(self.root)?;
        tree.set("K", Object::Reference(self.document));
        tree.set("ParentTree", Object::Reference(parent_tree));
        tree.set("ParentTreeNextKey", Object::Integer(self.next_key));
        tree.set("RoleMap", Object::Dictionary(std::mem::take(&mut self.role_map)));
        let classes = std::mem::take(&mut self.class_map);
        if classes.is_empty() {
            tree.remove(b"ClassMap");
        } else {
            tree.set("ClassMap", Object::Dictionary(classes));
        }
        let catalog = pack.catalog_mut()?;
        catalog.set("StructTreeRoot", Object::Reference(self.root));
        catalog.set(
            "MarkInfo",
            Object::Dictionary(Dictionary::from_iter([("Marked", Object::Boolean(true))])),
        );
        Ok(())
    }
}

/// A structure element of type `kind` under `parent`, titled when `title` is given.
fn element(kind: &str, parent: ObjectId, title: Option<&str>) -> Dictionary {
    let mut dict = Dictionary::from_iter([
        ("Type", Object::Name(b"StructElem".to_vec())),
        ("S", Object::Name(kind.as_bytes().to_vec())),
        ("P", Object::Reference(parent)),
    ]);
    if let Some(title) = title {
        dict.set("T", crate::merge::text_string(title));
    }
    dict
}

/// The dictionary of an object, a stream's included.
fn dictionary_of(object: &mut Object) -> Option<&mut Dictionary> {
    match object {
        Object::Dictionary(dict) => Some(dict),
        Object::Stream(stream) => Some(&mut stream.dict),
        _ => None,
    }
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    match object {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// A role or class map of the tree, as a dictionary of its own.
fn map_of(doc: &Document, tree: &Dictionary, key: &[u8]) -> Dictionary {
    tree.get(key)
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok())
        .cloned()
        .unwrap_or_default()
}

/// Adds what `from` maps and `into` does not (a name both map keeps the pack's meaning).
fn merge_into(into: &mut Dictionary, from: &Dictionary) {
    for (key, value) in from.iter() {
        if !into.has(key) {
            into.set(key.clone(), value.clone());
        }
    }
}

/// An element's kids, one or many, as a list.
fn kids_of(doc: &Document, k: Option<&Object>) -> Vec<Object> {
    match k.and_then(|o| resolve(doc, o)) {
        Some(Object::Array(kids)) => kids.clone(),
        Some(_) => k.cloned().into_iter().collect(),
        None => Vec::new(),
    }
}

/// Whether element `id` is a `Document`, directly or through the role map.
fn is_document(doc: &Document, id: ObjectId, roles: &Dictionary) -> bool {
    let Ok(kind) = doc
        .get_dictionary(id)
        .and_then(|d| d.get(b"S"))
        .and_then(Object::as_name)
    else {
        return false;
    };
    kind == b"Document"
        || roles
            .get(kind)
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Document")
}

/// Points the elements among `kids` at their new parent.
fn reparent(doc: &mut Document, kids: &[Object], parent: ObjectId) {
    for kid in kids {
        if let Object::Reference(id) = kid
            && let Ok(dict) = doc.get_dictionary_mut(*id)
            && dict.get(b"S").is_ok()
        {
            dict.set("P", Object::Reference(parent));
        }
    }
}

/// The entries of a tree's parent tree, and the number-tree nodes that held them.
fn parent_tree(doc: &Document, tree: &Dictionary) -> (Vec<(i64, Object)>, Vec<ObjectId>) {
    let mut entries = Vec::new();
    let mut nodes = Vec::new();
    if let Ok(top) = tree.get(b"ParentTree") {
        number_tree(doc, top, &mut entries, &mut nodes, 0);
    }
    (entries, nodes)
}

fn number_tree(doc: &Document, node: &Object, entries: &mut Vec<(i64, Object)>, nodes: &mut Vec<ObjectId>, depth: u32) {
    if depth > MAX_DEPTH {
        return;
    }
    if let Object::Reference(id) = node {
        if nodes.contains(id) {
            return;
        }
        nodes.push(*id);
    }
    let Some(Object::Dictionary(dict)) = resolve(doc, node) else {
        return;
    };
    if let Some(Object::Array(nums)) = dict.get(b"Nums").ok().and_then(|o| resolve(doc, o)) {
        for pair in nums.chunks(2) {
            if let [Object::Integer(key), value] = pair {
                entries.push((*key, value.clone()));
            }
        }
    }
    if let Some(Object::Array(kids)) = dict.get(b"Kids").ok().and_then(|o| resolve(doc, o)) {
        for kid in kids {
            number_tree(doc, kid, entries, nodes, depth + 1);
        }
    }
}

/// One past the highest number the tree, its pages, links or forms use.
fn next_key(doc: &Document, tree: &Dictionary, entries: &[(i64, Object)]) -> i64 {
    let declared = tree.get(b"ParentTreeNextKey").and_then(Object::as_i64).unwrap_or(0);
    let listed = entries.iter().map(|(key, _)| key + 1).max().unwrap_or(0);
    let used = doc
        .objects
        .values()
        .filter_map(|object| match object {
            Object::Dictionary(dict) => Some(dict),
            Object::Stream(stream) => Some(&stream.dict),
            _ => None,
        })
        .flat_map(|dict| [dict.get(b"StructParents"), dict.get(b"StructParent")])
        .filter_map(|n| n.ok().and_then(|n| n.as_i64().ok()))
        .map(|n| n + 1)
        .max()
        .unwrap_or(0);
    declared.max(listed).max(used)
}

/// The document's structure tree root, if it is tagged.
fn tree_root(doc: &Document) -> Result<Option<ObjectId>, RenderError> {
    Ok(doc
        .catalog()?
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .ok())
}
