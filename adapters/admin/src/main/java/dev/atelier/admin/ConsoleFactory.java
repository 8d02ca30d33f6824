package dev.atelier.admin;

import dev.atelier.admin.account.AdminAccounts;
import dev.atelier.admin.data.Audit;
import dev.atelier.admin.data.Conversations;
import dev.atelier.admin.data.Dashboard;
import dev.atelier.admin.data.Jobs;
import dev.atelier.admin.data.Reviews;
import dev.atelier.admin.data.Users;
import dev.atelier.admin.session.LoginThrottle;
import dev.atelier.admin.session.SessionStore;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

/** The console's stores, on the app's PostgreSQL and Redis. */
@Factory
public class ConsoleFactory {

    @Singleton
    AdminAccounts adminAccounts(DataSource dataSource) {
        return new AdminAccounts(dataSource);
    }

    @Singleton
    Dashboard dashboard(DataSource dataSource) {
        return new Dashboard(dataSource);
    }

    @Singleton
    Conversations conversations(DataSource dataSource) {
        return new Conversations(dataSource);
    }

    @Singleton
    Users users(DataSource dataSource) {
        return new Users(dataSource);
    }

    @Singleton
    Jobs jobs(DataSource dataSource) {
        return new Jobs(dataSource);
    }

    @Singleton
    Reviews reviews(DataSource dataSource) {
        return new Reviews(dataSource);
    }

    @Singleton
    Audit audit(DataSource dataSource) {
        return new Audit(dataSource);
    }

    @Singleton
    SessionStore sessionStore(StatefulRedisConnection<String, String> redis, ConsoleConfig config) {
        return new SessionStore(redis, config.sessionIdle(), config.sessionMaxAge());
    }

    @Singleton
    LoginThrottle loginThrottle(StatefulRedisConnection<String, String> redis, ConsoleConfig config) {
        return new LoginThrottle(redis, config.loginAttemptsPerMinute(), config.loginAttemptsPerAddress());
    }
}
