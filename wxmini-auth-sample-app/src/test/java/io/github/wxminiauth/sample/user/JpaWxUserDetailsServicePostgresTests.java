package io.github.wxminiauth.sample.user;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import javax.sql.DataSource;

import io.github.wxminiauth.sample.MutableClock;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.PhoneNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JpaWxUserDetailsService} on the real PostgreSQL of the {@code postgres} profile
 * (127.0.0.1:5432, database {@code test}), without the web or security layers. The table is shared
 * with other test runs, so every run uses an AppID of its own and deletes only its own rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "spring.datasource.hikari.maximum-pool-size=20")
@ActiveProfiles("postgres")
class JpaWxUserDetailsServicePostgresTests {

	private final String appId = "wxpg" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

	@Autowired
	private WxUserRepository repository;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private MemberAccountRepository accounts;

	/** Numbers of this run's accounts: the table is shared with other runs too. */
	private final String numberPrefix = "1" + String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits()))
		.substring(0, 7);

	private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T08:00:00.123456Z"));

	private JpaWxUserDetailsService service;

	@BeforeEach
	void createService() {
		this.service = new JpaWxUserDetailsService(this.repository, this.accounts, this.transactionManager, List.of(),
				this.clock);
	}

	@AfterEach
	void deleteThisRunsUsers() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.update("delete from wx_user where app_id = ?", this.appId);
		jdbc.update("delete from member_account where pure_phone_number like ?", this.numberPrefix + "%");
	}

	@Test
	void hundredConcurrentOneTapLoginsOfOneOpenidCreateOneRowLinkedToTheAccount() throws Exception {
		String number = this.numberPrefix + "001";
		MemberAccount account = this.accounts
			.saveAndFlush(new MemberAccount("86", number, "Web member", this.clock.instant()));
		String openid = "oRacingOneTap" + UUID.randomUUID();
		List<WxUserRegistration> registrations = race(100, (i) -> this.service
			.loadOrRegisterWithPhoneNumber(new WxIdentity(this.appId, openid, null), phone(number)));
		assertThat(registrations).hasSize(100).noneMatch(WxUserRegistration::created);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		assertThat(jdbc.queryForObject("select count(*) from wx_user where app_id = ? and openid = ?", Integer.class,
				this.appId, openid))
			.isOne();
		assertThat(jdbc.queryForList("select openid from wx_user where app_id = ? and account_id = ?", String.class,
				this.appId, account.getId()))
			.containsExactly(openid);
	}

	@Test
	void concurrentOneTapLoginsOfManyOpenidsWithOneAccountsNumberLinkExactlyOne() throws Exception {
		String number = this.numberPrefix + "002";
		MemberAccount account = this.accounts
			.saveAndFlush(new MemberAccount("86", number, "Web member", this.clock.instant()));
		List<WxUserRegistration> registrations = race(30, (i) -> this.service.loadOrRegisterWithPhoneNumber(
				new WxIdentity(this.appId, "oContender" + i + "-" + UUID.randomUUID(), null), phone(number)));
		assertThat(registrations).hasSize(30).allMatch((registration) -> registration.user().isPhoneBound());
		assertThat(registrations).filteredOn((registration) -> !registration.created()).hasSize(1);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		assertThat(jdbc.queryForObject("select count(*) from wx_user where app_id = ? and account_id = ?",
				Integer.class, this.appId, account.getId()))
			.isOne();
		assertThat(jdbc.queryForObject("select count(*) from wx_user where app_id = ?", Integer.class, this.appId))
			.isEqualTo(30);
	}

	private static PhoneNumber phone(String number) {
		return new PhoneNumber(number, number, "86");
	}

	private static <T> List<T> race(int contenders, IntFunction<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(Math.min(contenders, 32));
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<T>> results = new ArrayList<>();
			for (int i = 0; i < contenders; i++) {
				int index = i;
				results.add(CompletableFuture.supplyAsync(() -> {
					awaitQuietly(start);
					return task.apply(index);
				}, executor));
			}
			start.countDown();
			CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
			return results.stream().map(CompletableFuture::join).toList();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void runsOnPostgresql() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
		}
	}

	@Test
	void hundredConcurrentFirstLoginsOfOneOpenidCreateExactlyOneRow() throws Exception {
		int logins = 100;
		String openid = "oRacing" + UUID.randomUUID();
		WxIdentity identity = new WxIdentity(this.appId, openid, null);
		ExecutorService executor = Executors.newFixedThreadPool(32);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<WxUserRegistration>> results = new ArrayList<>();
			for (int i = 0; i < logins; i++) {
				results.add(CompletableFuture.supplyAsync(() -> {
					awaitQuietly(start);
					return this.service.loadOrRegister(identity);
				}, executor));
			}
			start.countDown();
			CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			List<WxUserRegistration> registrations = results.stream().map(CompletableFuture::join).toList();
			assertThat(registrations).hasSize(logins);
			assertThat(registrations).filteredOn(WxUserRegistration::created).hasSize(1);
			assertThat(registrations).extracting((registration) -> registration.user().openid()).containsOnly(openid);
			Integer rows = new JdbcTemplate(this.dataSource).queryForObject(
					"select count(*) from wx_user where app_id = ? and openid = ?", Integer.class, this.appId, openid);
			assertThat(rows).isOne();
		}
		finally {
			executor.shutdownNow();
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

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = WxUser.class)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
			DataJpaRepositoriesAutoConfiguration.class, TransactionAutoConfiguration.class })
	static class JpaConfiguration {

	}

}
