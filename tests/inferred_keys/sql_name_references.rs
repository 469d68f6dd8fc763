//! `references` left out over `#[sql_name]` tables: "E19Shop"."RegionCode"
//! REFERENCES "E19Region"."Code", a UNIQUE column that is not the primary
//! key. The migrations name tables and columns by their SQL names; the
//! checker matches them to `e19_shops::region_code` and `e19_regions::code`
//! and joins on the code, as `references = e19_regions::code` would. Both
//! sides load what hand-written Diesel loads.

use diesel::prelude::*;
use diesel_relations::LoadRelated;
use diesel_relations::Relations;
use diesel_relations_seeds::schema::{e19_regions, e19_shops};

/// A region; its shops name their key and no `references`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = e19_regions, primary_key(region_id))]
#[relationship(shops: Vec<Shop>, foreign_key = e19_shops::region_code, order_by = e19_shops::shop_id)]
pub struct Region {
    pub region_id: i32,
    pub code: String,
    pub name: String,
}

/// A shop, holding its region's code; no `references`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = e19_shops, primary_key(shop_id))]
#[relationship(region: Region, foreign_key = region_code)]
pub struct Shop {
    pub shop_id: i32,
    pub region_code: String,
    pub name: String,
}

backend_tests! {
    fn an_inferred_referenced_column_over_sql_name_tables_loads_the_rows_diesel_loads(conn) {
        // Codes that sort apart from the ids: a join on the id reads others.
        for (id, code) in [(1, "r3"), (2, "r1"), (3, "r2")] {
            diesel::insert_into(e19_regions::table)
                .values((e19_regions::region_id.eq(id), e19_regions::code.eq(code), e19_regions::name.eq(format!("region {id}"))))
                .execute(conn)?;
        }
        for (id, code) in [(10, "r3"), (11, "r1"), (12, "r3"), (13, "r1")] {
            diesel::insert_into(e19_shops::table)
                .values((e19_shops::shop_id.eq(id), e19_shops::region_code.eq(code), e19_shops::name.eq(format!("shop {id}"))))
                .execute(conn)?;
        }
        let regions: Vec<Region> = e19_regions::table.order_by(e19_regions::region_id).select(Region::as_select()).load(conn)?;
        for region in &regions {
            let by_hand: Vec<Shop> = e19_shops::table
                .filter(e19_shops::region_code.eq(&region.code))
                .order_by(e19_shops::shop_id)
                .select(Shop::as_select())
                .load(conn)?;
            ensure_eq!(region.shops().load(conn)?, by_hand);
        }
        let grouped = regions.load_related(conn, Region::shops)?;
        let ids: Vec<Vec<i32>> = grouped.iter().map(|g| g.iter().map(|s| s.shop_id).collect()).collect();
        ensure_eq!(ids, vec![vec![10, 12], vec![11, 13], vec![]]);

        let shops: Vec<Shop> = e19_shops::table.order_by(e19_shops::shop_id).select(Shop::as_select()).load(conn)?;
        for shop in &shops {
            let by_hand: Region = e19_regions::table
                .filter(e19_regions::code.eq(&shop.region_code))
                .select(Region::as_select())
                .get_result(conn)?;
            ensure_eq!(shop.region().get(conn)?, by_hand);
        }
        let eager = shops.load_related(conn, Shop::region)?;
        ensure_eq!(eager.iter().map(|r| r.region_id).collect::<Vec<_>>(), vec![1, 2, 1, 2]);
        Ok(())
    }
}
