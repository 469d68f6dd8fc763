//! A delete cascade into the model's own table: deleting a manager deletes
//! everyone under them, to any depth.
//!
//! Its own test binary: the model below declares a second relationship
//! pair over `employees.reports_to`, which the whole-program checks of the
//! `relations` binary rightly call an overlap with the seed `Employee`.

use diesel::prelude::*;
use diesel_relations::{delete, Relations};
use diesel_relations_seeds::db;
use diesel_relations_seeds::schema::chinook::employees;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees, primary_key(employee_id))]
#[relationship(boss: Option<TreeMember>, foreign_key = reports_to, back_populates = team)]
#[relationship(team: Vec<TreeMember>, back_populates = boss, cascade = "all, delete-orphan")]
pub struct TreeMember {
    pub employee_id: i32,
    pub last_name: String,
    pub first_name: String,
    pub title: Option<String>,
    pub reports_to: Option<i32>,
}

fn member(conn: &mut SqliteConnection, id: i32) -> QueryResult<TreeMember> {
    employees::table
        .find(id)
        .select(TreeMember::as_select())
        .get_result(conn)
}

#[test]
fn deleting_a_manager_deletes_the_subtree_and_nothing_else(
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut conn = db::sqlite(":memory:")?;
    let conn = &mut conn;
    // 1 -> (2, 3); 2 -> (4); 4 -> (5); 6 alone
    for (id, boss) in [
        (1, None),
        (2, Some(1)),
        (3, Some(1)),
        (4, Some(2)),
        (5, Some(4)),
        (6, None),
    ] {
        diesel::insert_into(employees::table)
            .values((
                employees::employee_id.eq(id),
                employees::last_name.eq(format!("E{id}")),
                employees::first_name.eq("Ann"),
                employees::reports_to.eq(boss),
            ))
            .execute(conn)?;
    }
    let two = member(conn, 2)?;
    assert_eq!(delete(conn, &two)?, 1);
    let left: Vec<i32> = employees::table
        .order_by(employees::employee_id)
        .select(employees::employee_id)
        .load(conn)?;
    assert_eq!(left, vec![1, 3, 6]);
    let team: Vec<i32> = member(conn, 1)?
        .team()
        .load(conn)?
        .into_iter()
        .map(|m| m.employee_id)
        .collect();
    assert_eq!(team, vec![3]);
    // A leaf: only itself.
    let six = member(conn, 6)?;
    assert_eq!(delete(conn, &six)?, 1);
    assert_eq!(employees::table.count().get_result::<i64>(conn)?, 2);
    Ok(())
}
