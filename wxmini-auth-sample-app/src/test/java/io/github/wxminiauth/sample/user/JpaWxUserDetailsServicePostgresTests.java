package io.github.wxminiauth.sample.user;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.wxminiauth.user.WxIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JpaWxUserDetailsService} on the real PostgreSQL of the {@code postgres} profile
 * (127.0.0.1:5432, database {@code test}), without the web or security layers; the racing
 * registrations are those of {@link ConcurrentRegistrationTests}. The table is shared with other
 * test runs, so every run uses an AppID of its own and deletes only its own rows.
 */
@SpringBootTest(classes = ConcurrentRegistrationTests.JpaConfiguration.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "spring.datasource.hikari.maximum-pool-size=20")
@ActiveProfiles("postgres")
class JpaWxUserDetailsServicePostgresTests extends ConcurrentRegistrationTests {

	JpaWxUserDetailsServicePostgresTests() {
		super("wxpg" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
	}

	@AfterEach
	void deleteThisRunsUsers() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.update("delete from wx_user where app_id = ?", this.appId);
		jdbc.update("delete from member_account where pure_phone_number like ?", this.numberPrefix + "%");
	}

	@Test
	void runsOnPostgresql() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
		}
	}

	@Test
	void databaseRejectsASecondRowForTheSameAppAndOpenid() {
		String openid = "oUnique" + UUID.randomUUID();
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		String insert = "insert into wx_user (app_id, openid, created_at, last_login_at) values (?, ?, now(), now())";
		jdbc.update(insert, this.appId, openid);
		// The constraint itself, not the service's look-up, is what settles a race
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> jdbc.update(insert, this.appId, openid));
		jdbc.update(insert, this.appId + "x", openid);
		jdbc.update("delete from wx_user where app_id = ?", this.appId + "x");
	}

	@Test
	void timestampsRoundTripToTheMicrosecondAsInstants() {
		String openid = "oTime" + UUID.randomUUID();
		this.service.loadOrRegister(new WxIdentity(this.appId, openid, "uTime"));
		WxUser stored = this.repository.findByAppIdAndOpenid(this.appId, openid).orElseThrow();
		assertThat(stored.getCreatedAt()).isEqualTo(this.clock.instant());
		assertThat(stored.getLastLoginAt()).isEqualTo(this.clock.instant());
		assertThat(stored.getUnionid()).isEqualTo("uTime");
	}

	@Test
	void schemaHasTheEntitysColumnTypesAndUniqueConstraint() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			DatabaseMetaData metaData = connection.getMetaData();
			Map<String, String> types = new HashMap<>();
			try (ResultSet columns = metaData.getColumns(null, connection.getSchema(), "wx_user", null)) {
				while (columns.next()) {
					types.put(columns.getString("COLUMN_NAME"), columns.getString("TYPE_NAME"));
				}
			}
			assertThat(types).containsEntry("app_id", "varchar")
				.containsEntry("openid", "varchar")
				.containsEntry("created_at", "timestamptz")
				.containsEntry("last_login_at", "timestamptz");
			Map<String, List<String>> uniqueIndexes = new HashMap<>();
			try (ResultSet indexes = metaData.getIndexInfo(null, connection.getSchema(), "wx_user", true, false)) {
				while (indexes.next()) {
					uniqueIndexes.computeIfAbsent(indexes.getString("INDEX_NAME"), (name) -> new ArrayList<>())
						.add(indexes.getString("COLUMN_NAME"));
				}
			}
			assertThat(uniqueIndexes).containsEntry("uk_wx_user_app_openid", List.of("app_id", "openid"));
		}
	}

}
