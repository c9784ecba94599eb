//! `/api`: the JSON API for people, listing every endpoint with what it holds and the
//! filters it takes, from the same resources the routes and the OpenAPI document are made of.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

use super::{Resource, Visit, every};
use crate::WebError;
use crate::site::Site;

struct Endpoint {
    path: String,
    about: &'static str,
    filters: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "portal/api.html")]
struct GuidePage {
    base: String,
    council: String,
    endpoints: Vec<Endpoint>,
}

struct Endpoints(Vec<Endpoint>);

impl Visit for Endpoints {
    fn visit<R: Resource>(&mut self) {
        self.0.push(Endpoint {
            path: R::PATH.to_owned(),
            about: R::ABOUT,
            filters: R::FILTERS.iter().map(|f| (f.name(), f.about())).collect(),
        });
    }
}

/// `/api`
pub async fn page(site: Site) -> Result<Response, WebError> {
    let mut endpoints = Endpoints(Vec::new());
    every(&mut endpoints);
    let page = GuidePage {
        base: site.base.clone(),
        council: site.council.name.clone(),
        endpoints: endpoints.0,
    }
    .render()?;
    Ok(Html(page).into_response())
}
