package dev.atelier.app.wiring;

import dev.atelier.app.store.JdbcDeliveryLedger;
import dev.atelier.app.store.JdbcPostedPictures;
import dev.atelier.core.delivery.DeliveryLedger;
import dev.atelier.core.delivery.PostedPictures;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

/** The chat adapters' delivery ledger; apart from CoreFactory so the adapters' wiring stays in one place. */
@Factory
public class DeliveryFactory {

    @Singleton
    DeliveryLedger deliveryLedger(DataSource dataSource) {
        return new JdbcDeliveryLedger(dataSource);
    }

    @Singleton
    PostedPictures postedPictures(DataSource dataSource) {
        return new JdbcPostedPictures(dataSource);
    }
}
