package dev.atelier.app.wiring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "postgres://atelier:s3cret@db.internal:5433/atelier, jdbc:postgresql://db.internal:5433/atelier?user=atelier&password=s3cret",
            "postgresql://db/atelier?sslmode=require, jdbc:postgresql://db/atelier?sslmode=require",
            "postgres://u@localhost, jdbc:postgresql://localhost/postgres?user=u",
            "jdbc:postgresql://localhost:5432/x?user=y, jdbc:postgresql://localhost:5432/x?user=y",
    })
    void databaseUrlsInEveryCommonFormBecomeJdbcUrls(String given, String jdbc) {
        assertThat(Servers.jdbcUrl(given)).isEqualTo(jdbc);
    }

    @Test
    void aDatabaseUrlOfAnotherKindIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> Servers.jdbcUrl("mysql://localhost/x"))
                .hasMessageContaining("DATABASE_URL must start with");
    }
}
