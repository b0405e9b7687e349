//! Data for the bundled server schema: a standard filling of its tables and a
//! fingerprint of their rows, so that tests compare two databases the same way.

use super::TestDb;

/// Rows in the bundled schema's tables (the database must be migrated): 30 table
/// entities and change events, and a setting, which its trigger copies to the history.
pub fn fill(db: &TestDb) {
    let mut sql = String::new();
    for i in 0..30 {
        sql.push_str(&format!(
            "INSERT INTO table_entity (json) VALUES ('{{\"id\": \"t{i}\", \"name\": \"orders {i}\", \"fullyQualifiedName\": \"shop.orders_{i}\", \"updatedAt\": {i}, \"deleted\": false}}');\n"
        ));
        sql.push_str(&format!(
            "INSERT INTO change_event (event_type, entity_type, entity_id, event_time, json) VALUES ('created', 'table', 't{i}', {i}, '{{}}');\n"
        ));
    }
    sql.push_str("INSERT INTO settings (config_type, json) VALUES ('probe', '{\"configType\": \"probe\"}');\n");
    db.sql(&sql);
}

/// The rows of the bundled schema's data tables, table by table, in key order: equal for
/// two databases holding the same data, whatever the engine's row order.
pub fn fingerprint(db: &TestDb) -> String {
    let mut out = String::new();
    for (table, cols) in [
        (
            "table_entity",
            "id, name, fully_qualified_name, fqn_hash, json",
        ),
        (
            "change_event",
            "id, event_type, entity_type, entity_id, event_time, json",
        ),
        ("settings", "id, config_type, json"),
        ("settings_history", "id, config_type, change_type, json"),
    ] {
        let q = format!("SELECT {cols} FROM {table} ORDER BY 1, 2");
        out.push_str(&format!("{table}:\n{}\n", db.sql(&q)));
    }
    out
}
