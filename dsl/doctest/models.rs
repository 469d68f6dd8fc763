// Models over doctest/setup.rs's schema, for the module docs' examples
// (the derive's page declares its own, in sight). Include it after the
// setup:
//
//     # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/setup.rs"));
//     # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/models.rs"));

#[allow(unused_imports)]
use diesel_relations::Relations;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = customers)]
#[relationship(invoices: Vec<Invoice>, back_populates = customer, order_by = invoices::id, cascade = "all, delete-orphan")]
pub struct Customer {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = customers)]
pub struct NewCustomer {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoices)]
#[relationship(customer: Customer, foreign_key = custid, back_populates = invoices)]
#[relationship(lines: Vec<InvoiceLine>, back_populates = invoice, order_by = invoice_lines::id, cascade = "all")]
pub struct Invoice {
    pub id: i32,
    pub custid: i32,
    pub amount: i32,
}

/// No `custid`: inserting through `Customer.invoices` sets it.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = invoices)]
pub struct NewInvoice {
    pub amount: i32,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = invoice_lines)]
#[relationship(invoice: Invoice, foreign_key = invoice_id, back_populates = lines)]
pub struct InvoiceLine {
    pub id: i32,
    pub invoice_id: i32,
    pub item: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = invoice_lines)]
pub struct NewLine {
    pub item: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = authors)]
#[relationship(books: Vec<Book>, secondary = authors_books(author_id, book_id), back_populates = authors, order_by = books::id)]
pub struct Author {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = books)]
#[relationship(authors: Vec<Author>, secondary = authors_books, back_populates = books, order_by = authors::id)]
pub struct Book {
    pub id: i32,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Relations)]
#[diesel(table_name = employees)]
#[relationship(manager: Option<Employee>, foreign_key = reports_to, back_populates = reports)]
#[relationship(reports: Vec<Employee>, back_populates = manager, order_by = employees::id)]
pub struct Employee {
    pub id: i32,
    pub name: String,
    pub reports_to: Option<i32>,
}
