//! The subject an agenda item is tagged with, as the item forms choose it: one the council
//! already follows, or a new one made from its title, so a matter discussed over the years
//! (the Pause Practice: 2017, 2019, 2020, 2021) gathers on one public page.

use moot_domain::*;
use moot_store::{Entity, Filter, StoreExt, Write};
use serde::Deserialize;

use crate::site::Site;
use crate::{AppState, WebError};

/// The form's choice for "a new subject, titled below".
const NEW: &str = "new";

/// The item forms' subject fields: `subject` (a subject's slug, `new`, or blank for none; left
/// as it was when the form does not carry it) and `new_subject` (the new subject's title).
#[derive(Debug, Default, Deserialize)]
pub struct SubjectFields {
    subject: Option<String>,
    #[serde(default)]
    new_subject: String,
}

/// What the fields ask for: the item's subject, and the new subject to write with it.
pub struct Chosen {
    pub subject: Option<SubjectId>,
    pub new: Option<Write>,
}

impl SubjectFields {
    /// The subject chosen, or `None` when the form does not carry the field. Refused (and
    /// nothing saved) for a new subject without a title or a subject that does not exist.
    pub async fn chosen(&self, state: &AppState, site: &Site) -> Result<Option<Chosen>, WebError> {
        let Some(choice) = self.subject.as_deref().map(str::trim) else {
            return Ok(None);
        };
        let store = &*state.store;
        let found =
            |slug: Slug| async move { moot_store::lookup::by_slug::<Subject>(store, site.council.id, &slug).await };
        let chosen = match choice {
            "" => Chosen {
                subject: None,
                new: None,
            },
            NEW => {
                let title = self.new_subject.trim();
                if title.is_empty() {
                    return Err(WebError::Unprocessable("Give the new subject a title.".into()));
                }
                let slug = Slug::from_title(title)?;
                // A subject of the same name is the same subject, not a second page for it.
                match found(slug.clone()).await? {
                    Some(s) => Chosen {
                        subject: Some(s.id),
                        new: None,
                    },
                    None => {
                        let subject = Subject {
                            id: SubjectId::new(),
                            council: site.council.id,
                            slug,
                            title: title.to_owned(),
                            description: None,
                        };
                        subject.validate()?;
                        Chosen {
                            subject: Some(subject.id),
                            new: Some(Write::Create(subject.into_record())),
                        }
                    }
                }
            }
            slug => {
                let unknown = || {
                    WebError::Unprocessable(format!(
                        "There is no subject {slug:?}; choose one from the list or give a new one's title."
                    ))
                };
                let subject = found(Slug::parse(slug).map_err(|_| unknown())?)
                    .await?
                    .ok_or_else(unknown)?;
                Chosen {
                    subject: Some(subject.id),
                    new: None,
                }
            }
        };
        Ok(Some(chosen))
    }
}

/// Every subject of the council, (slug, title) in title order, for the item forms' list.
pub async fn choices(state: &AppState, site: &Site) -> Result<Vec<(String, String)>, WebError> {
    let mut all: Vec<(String, String)> = state
        .store
        .find::<Subject>(site.council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| (s.record.slug.to_string(), s.record.title))
        .collect();
    all.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(all)
}
