//! The Chinook-shaped schema: a real schema's patterns in one place.
//!
//! - `Employee.manager` / `Employee.reports`: a self-referential adjacency
//!   list over `ReportsTo`;
//! - `Customer.support_rep` and `Employee.manager`: two foreign keys into
//!   `Employee`;
//! - `InvoiceLine`: an association object between `Invoice` and `Track`
//!   (quantity and price of its own), and `Invoice.tracks` straight through
//!   it (viewonly);
//! - `PlaylistTrack`: an association object whose primary key is its two
//!   foreign keys `(PlaylistId, TrackId)`, with `Playlist.playlist_tracks`
//!   and `Track.playlist_tracks` owning its rows, and `Playlist.tracks` /
//!   `Track.playlists` the plain many-to-many over the same table, viewonly
//!   (as SQLAlchemy's docs advise when both are declared: one writer);
//! - `Invoice.lines` with `cascade = "all, delete-orphan"`.
//!
//! `Invoice` and `InvoiceLine` also derive Diesel's own `Associations`: the
//! benchmark's hand-written Diesel baseline uses `belonging_to` with them,
//! and the two derives live side by side.

use crate::schema::chinook::{
    albums, artists, customers, employees, invoice_lines, invoices, playlist_track, playlists,
    tracks,
};
use diesel::prelude::*;
use diesel_relations::Relations;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = artists, primary_key(artist_id))]
#[relationship(albums: Vec<Album>, back_populates = artist, order_by = albums::title)]
pub struct Artist {
    pub artist_id: i32,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = albums, primary_key(album_id))]
#[relationship(artist: Artist, foreign_key = artist_id, back_populates = albums)]
#[relationship(tracks: Vec<Track>, back_populates = album, order_by = tracks::track_id)]
pub struct Album {
    pub album_id: i32,
    pub title: String,
    pub artist_id: i32,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = tracks, primary_key(track_id))]
#[relationship(album: Option<Album>, foreign_key = album_id, back_populates = tracks)]
#[relationship(lines: Vec<InvoiceLine>, back_populates = track)]
#[relationship(playlists: Vec<Playlist>, secondary = playlist_track(track_id, playlist_id), back_populates = tracks, viewonly)]
#[relationship(playlist_tracks: Vec<PlaylistTrack>, back_populates = track, cascade = "all, delete-orphan")]
pub struct Track {
    pub track_id: i32,
    pub name: String,
    pub album_id: Option<i32>,
    pub milliseconds: i32,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees, primary_key(employee_id))]
#[relationship(manager: Option<Employee>, foreign_key = reports_to, back_populates = reports)]
#[relationship(reports: Vec<Employee>, back_populates = manager, order_by = employees::employee_id)]
#[relationship(customers: Vec<Customer>, back_populates = support_rep, order_by = customers::customer_id)]
pub struct Employee {
    pub employee_id: i32,
    pub last_name: String,
    pub first_name: String,
    pub title: Option<String>,
    pub reports_to: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers, primary_key(customer_id))]
#[relationship(support_rep: Option<Employee>, foreign_key = support_rep_id, back_populates = customers)]
#[relationship(invoices: Vec<Invoice>, back_populates = customer, order_by = invoices::invoice_id)]
pub struct Customer {
    pub customer_id: i32,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub support_rep_id: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Relations)]
#[diesel(table_name = invoices, primary_key(invoice_id), belongs_to(Customer, foreign_key = customer_id))]
#[relationship(customer: Customer, foreign_key = customer_id, back_populates = invoices)]
#[relationship(lines: Vec<InvoiceLine>, back_populates = invoice, cascade = "all, delete-orphan")]
#[relationship(tracks: Vec<Track>, secondary = invoice_lines(invoice_id, track_id), viewonly)]
pub struct Invoice {
    pub invoice_id: i32,
    pub customer_id: i32,
    pub billing_city: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Relations)]
#[diesel(table_name = invoice_lines, primary_key(invoice_line_id), belongs_to(Invoice, foreign_key = invoice_id))]
#[relationship(invoice: Invoice, foreign_key = invoice_id, back_populates = lines)]
#[relationship(track: Track, foreign_key = track_id, back_populates = lines)]
pub struct InvoiceLine {
    pub invoice_line_id: i32,
    pub invoice_id: i32,
    pub track_id: i32,
    pub unit_price: f64,
    pub quantity: i32,
}

/// An invoice line to insert through `invoice.lines().insert(..)`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = invoice_lines)]
pub struct NewInvoiceLine {
    pub track_id: i32,
    pub unit_price: f64,
    pub quantity: i32,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = playlists, primary_key(playlist_id))]
#[relationship(tracks: Vec<Track>, secondary = playlist_track(playlist_id, track_id), back_populates = playlists, order_by = tracks::track_id, viewonly)]
#[relationship(playlist_tracks: Vec<PlaylistTrack>, back_populates = playlist, cascade = "all, delete-orphan")]
pub struct Playlist {
    pub playlist_id: i32,
    pub name: Option<String>,
}

/// One track on one playlist: Chinook's `PlaylistTrack` as an association
/// object, keyed by its two foreign keys. Its rows are written through it
/// (`Playlist.tracks` only reads them).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, Relations)]
#[diesel(table_name = playlist_track, primary_key(playlist_id, track_id))]
#[relationship(playlist: Playlist, foreign_key = playlist_id, back_populates = playlist_tracks)]
#[relationship(track: Track, foreign_key = track_id, back_populates = playlist_tracks)]
pub struct PlaylistTrack {
    pub playlist_id: i32,
    pub track_id: i32,
}
