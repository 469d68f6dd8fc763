//! Foreign keys of every judged type whose fields, Diesel schema and
//! migrations agree: BigInt and Text keys, a nullable Text one, SERIAL and
//! BIGSERIAL (schemas/types_agree_postgres), and a model Diesel's
//! check_for_backend checks.
use diesel::prelude::*;
use diesel_relations::Relations;

diesel::table! { countries (code) { code -> Text, } }
diesel::table! { regions (id) { id -> BigInt, country_code -> Text, } }
diesel::table! { cities (id) { id -> Integer, region_id -> BigInt, twin_code -> Nullable<Text>, } }
diesel::table! { cities_countries (city_id, country_code) { city_id -> Integer, country_code -> Text, } }
diesel::allow_tables_to_appear_in_same_query!(countries, regions, cities, cities_countries);

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = countries, primary_key(code))]
#[relations(migrations = "schemas/types_agree_postgres")]
#[relationship(regions: Vec<Region>, back_populates = country)]
#[relationship(cities: Vec<City>, secondary = cities_countries(country_code, city_id), back_populates = countries)]
pub struct Country {
    pub code: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = regions)]
#[relations(migrations = "schemas/types_agree_postgres")]
#[relationship(country: Country, foreign_key = country_code, back_populates = regions)]
pub struct Region {
    pub id: i64,
    pub country_code: String,
}

#[derive(Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = cities)]
#[diesel(check_for_backend(diesel::pg::Pg))]
#[relations(migrations = "schemas/types_agree_postgres")]
#[relationship(region: Region, foreign_key = region_id)]
#[relationship(twin: Option<Country>, foreign_key = twin_code)]
#[relationship(countries: Vec<Country>, secondary = cities_countries, back_populates = cities)]
pub struct City {
    pub id: i32,
    pub region_id: i64,
    pub twin_code: Option<String>,
}

fn main() {}
