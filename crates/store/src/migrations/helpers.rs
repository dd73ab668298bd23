//! Builders shared by the migrations. Frozen like the migrations themselves: a landed migration
//! calls these, so changing one would change what that migration does on a new database.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

/// An auto-assigned 64-bit surrogate key, to be named in a `pk_` primary key. On SQLite a column
/// declared exactly `integer` under a primary key is the rowid, which SQLite assigns; on
/// PostgreSQL it is a `bigint` identity column.
pub(super) fn id(manager: &SchemaManager, column: impl IntoIden) -> ColumnDef {
    let mut def = ColumnDef::new(column);
    match manager.get_database_backend() {
        DbBackend::Sqlite => def.integer().not_null(),
        _ => def.big_integer().not_null().auto_increment(),
    };
    def
}

/// A named primary key.
pub(super) fn pk(name: &str, columns: impl IntoIterator<Item = DynIden>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name);
    for column in columns {
        index.col(column);
    }
    index
}

/// A named foreign key from `table.column` to `target.target_column`. Deleting a referenced row
/// is refused: every deletion must go through a repository, which writes it to the audit log.
pub(super) fn fk(
    name: &str,
    (table, column): (impl IntoIden, impl IntoIden),
    (target, target_column): (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table.into_iden(), column.into_iden())
        .to(target.into_iden(), target_column.into_iden())
        .on_delete(ForeignKeyAction::Restrict)
        .on_update(ForeignKeyAction::Restrict)
        .to_owned()
}

/// A named check constraint in plain SQL that SQLite and PostgreSQL read alike.
pub(super) fn ck(name: &str, sql: &str) -> Check {
    Check::named(Alias::new(name), Expr::cust(sql.to_owned()))
}

/// A timestamp with time zone (UTC, stored as text on SQLite).
pub(super) fn at(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}
