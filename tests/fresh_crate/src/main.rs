use dbshape::sea_orm_migration::prelude::*;
use dbshape::{RestoreOptions, Shaper};

struct Fill;
impl MigrationName for Fill {
    fn name(&self) -> &str {
        "fill"
    }
}
#[async_trait::async_trait]
impl MigrationTrait for Fill {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("UPDATE item SET m = n * 2").await.map(|_| ())
    }
}

fn shaper(url: &str) -> dbshape::Result<Shaper> {
    let set = dbshape::embed_migrations!("migrations").rust_step("1.1.0", Box::new(Fill), "m = n * 2");
    Shaper::builder().url(url).migrations(set).build()
}

#[tokio::main]
async fn main() -> dbshape::Result<()> {
    let live = shaper("sqlite://./live.db")?;
    let started = live.ensure_current().await?;
    assert_eq!(live.validate().await?.exit_code, 0);
    let backup = live.backup("live.sql.zst").await?;
    let copy = shaper("sqlite://./copy.db")?;
    let shape = RestoreOptions { shape: true, ..Default::default() };
    let restored = copy.restore("live.sql.zst", shape).await?;
    let (applied, rows) = (started.applied.len(), restored.rows);
    println!("applied {applied}, backed up {} rows, restored {rows}", backup.rows);
    Ok(())
}
