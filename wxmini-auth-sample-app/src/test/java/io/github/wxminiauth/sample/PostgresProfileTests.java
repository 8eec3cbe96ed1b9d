package io.github.wxminiauth.sample;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application started with the {@code postgres} profile creates its schema on start.
 * So that the table is truly created rather than found from an earlier run, the connections are
 * pointed at a new, empty PostgreSQL schema of this test's own (everything else comes from
 * {@code application-postgres.properties}); the test drops it afterwards. A mock web environment,
 * since the application's security chain needs one.
 */
@SpringBootTest(properties = { "sample.simulator.enabled=false", "wxmini.api-base-url=http://127.0.0.1:9/not-called" })
@ActiveProfiles("postgres")
@DirtiesContext
class PostgresProfileTests {

	private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private static final String SCHEMA = createSchema();

	@Autowired
	private DataSource dataSource;

	private static String createSchema() {
		String schema = "wxmini_test_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
		execute("create schema " + schema);
		return schema;
	}

	@DynamicPropertySource
	static void useTheNewSchema(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.hikari.schema", () -> SCHEMA);
	}

	@AfterAll
	static void dropSchema() {
		execute("drop schema if exists " + SCHEMA + " cascade");
	}

	@Test
	void createsTheUserTableOnStart() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(connection.getMetaData().getURL()).isEqualTo(URL);
			assertThat(connection.getSchema()).isEqualTo(SCHEMA);
			try (ResultSet tables = connection.getMetaData().getTables(null, SCHEMA, "wx_user", null)) {
				assertThat(tables.next()).as("table wx_user in schema " + SCHEMA).isTrue();
			}
		}
	}

	private static void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on " + URL, ex);
		}
	}

}
