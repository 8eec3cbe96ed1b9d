package io.github.wxminiauth.user;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.wxminiauth.wechat.PhoneNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link InMemoryWxUserDetailsService}.
 */
class InMemoryWxUserDetailsServiceTests {

	private static final String APP_ID = "wx1234567890abcdef";

	private static final String OPENID = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M";

	private static final PhoneNumber PHONE = new PhoneNumber("13800138000", "13800138000", "86");

	private final InMemoryWxUserDetailsService users = new InMemoryWxUserDetailsService();

	@Test
	void firstLoginCreatesAUserWithRoleUser() {
		WxUserRegistration registration = this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null));
		assertThat(registration.created()).isTrue();
		assertThat(registration.user().openid()).isEqualTo(OPENID);
		assertThat(registration.user().appId()).isEqualTo(APP_ID);
		assertThat(registration.user().authorities()).containsExactly("ROLE_USER");
		assertThat(registration.user().isPhoneBound()).isFalse();
	}

	@Test
	void laterLoginsLoadTheSameUser() {
		WxUserDetails first = this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null)).user();
		WxUserRegistration second = this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null));
		assertThat(second.created()).isFalse();
		assertThat(second.user()).isEqualTo(first);
	}

	@Test
	void theSameOpenidInAnotherAppIsAnotherUser() {
		this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null));
		assertThat(this.users.loadOrRegister(new WxIdentity("wxother", OPENID, null)).created()).isTrue();
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void concurrentFirstLoginsOfOneOpenidCreateExactlyOneUser() throws Exception {
		int logins = 100;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(logins);
		try {
			List<Future<WxUserRegistration>> futures = new ArrayList<>();
			for (int i = 0; i < logins; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null));
				}));
			}
			start.countDown();
			List<WxUserRegistration> registrations = new ArrayList<>();
			for (Future<WxUserRegistration> future : futures) {
				registrations.add(future.get());
			}
			assertThat(registrations).filteredOn(WxUserRegistration::created).hasSize(1);
			WxUserDetails user = registrations.get(0).user();
			assertThat(registrations).allSatisfy((registration) -> assertThat(registration.user()).isEqualTo(user));
			assertThat(this.users.loadUser(APP_ID, OPENID)).isEqualTo(user);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void oneTapRegistrationCreatesTheUserWithTheNumberAndPhoneVerified() {
		WxUserRegistration registration = this.users
			.loadOrRegisterWithPhoneNumber(new WxIdentity(APP_ID, OPENID, "u-1"), PHONE);
		assertThat(registration.created()).isTrue();
		assertThat(registration.user().phoneNumber()).isEqualTo("13800138000");
		assertThat(registration.user().unionid()).isEqualTo("u-1");
		assertThat(registration.user().authorities()).containsExactly("ROLE_USER", "PHONE_VERIFIED");
		assertThat(this.users.loadUser(APP_ID, OPENID)).isEqualTo(registration.user());
	}

	@Test
	void oneTapRegistrationOfAKnownUserBindsTheNumberAndKeepsTheirState() {
		this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, "u-1"));
		this.users.disable(APP_ID, OPENID, WxUserDetails.DISABLED_INDEFINITELY);
		WxUserRegistration registration = this.users
			.loadOrRegisterWithPhoneNumber(new WxIdentity(APP_ID, OPENID, null), PHONE);
		assertThat(registration.created()).isFalse();
		assertThat(registration.user().phoneNumber()).isEqualTo("13800138000");
		assertThat(registration.user().unionid()).isEqualTo("u-1");
		assertThat(registration.user().disabledUntil()).isEqualTo(WxUserDetails.DISABLED_INDEFINITELY);
		assertThat(registration.user().authorities()).containsExactly("ROLE_USER", "PHONE_VERIFIED");
	}

	@Test
	void racingOneTapRegistrationsOfOneOpenidCreateExactlyOneUser() throws Exception {
		int logins = 50;
		ExecutorService executor = Executors.newFixedThreadPool(16);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<WxUserRegistration>> results = new ArrayList<>();
			for (int i = 0; i < logins; i++) {
				results.add(executor.submit(() -> {
					start.await();
					return this.users.loadOrRegisterWithPhoneNumber(new WxIdentity(APP_ID, OPENID, null), PHONE);
				}));
			}
			start.countDown();
			int created = 0;
			for (Future<WxUserRegistration> result : results) {
				WxUserRegistration registration = result.get(30, TimeUnit.SECONDS);
				assertThat(registration.user().isPhoneBound()).isTrue();
				created += registration.created() ? 1 : 0;
			}
			assertThat(created).isOne();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void theDefaultOneTapRegistrationRegistersThenBinds() {
		List<String> calls = new ArrayList<>();
		WxUserDetailsService plain = new WxUserDetailsService() {

			@Override
			public WxUserRegistration loadOrRegister(WxIdentity identity) {
				calls.add("loadOrRegister " + identity.openid());
				return InMemoryWxUserDetailsServiceTests.this.users.loadOrRegister(identity);
			}

			@Override
			public WxUserDetails loadUser(String appId, String openid) {
				return InMemoryWxUserDetailsServiceTests.this.users.loadUser(appId, openid);
			}

			@Override
			public WxUserDetails bindPhoneNumber(String appId, String openid, PhoneNumber phoneNumber) {
				calls.add("bindPhoneNumber " + openid + " " + phoneNumber.purePhoneNumber());
				return InMemoryWxUserDetailsServiceTests.this.users.bindPhoneNumber(appId, openid, phoneNumber);
			}

		};
		WxUserRegistration registration = plain.loadOrRegisterWithPhoneNumber(new WxIdentity(APP_ID, OPENID, null),
				PHONE);
		assertThat(calls).containsExactly("loadOrRegister " + OPENID, "bindPhoneNumber " + OPENID + " 13800138000");
		assertThat(registration.created()).isTrue();
		assertThat(registration.user().authorities()).contains("PHONE_VERIFIED");
	}

	@Test
	void loadUserReturnsNullForAnUnknownUser() {
		assertThat(this.users.loadUser(APP_ID, OPENID)).isNull();
	}

	@Test
	void bindingAPhoneNumberAddsPhoneVerified() {
		this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null));
		WxUserDetails bound = this.users.bindPhoneNumber(APP_ID, OPENID, PHONE);
		assertThat(bound.phoneNumber()).isEqualTo("13800138000");
		assertThat(bound.authorities()).containsExactly("ROLE_USER", "PHONE_VERIFIED");
		assertThat(this.users.loadUser(APP_ID, OPENID)).isEqualTo(bound);
	}

	@Test
	void bindingAgainDoesNotDuplicatePhoneVerified() {
		this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null));
		this.users.bindPhoneNumber(APP_ID, OPENID, PHONE);
		WxUserDetails rebound = this.users.bindPhoneNumber(APP_ID, OPENID,
				new PhoneNumber("13900139000", "13900139000", "86"));
		assertThat(rebound.phoneNumber()).isEqualTo("13900139000");
		assertThat(rebound.authorities()).containsExactly("ROLE_USER", "PHONE_VERIFIED");
	}

	@Test
	void bindingAPhoneNumberForAnUnknownUserFails() {
		assertThatIllegalStateException().isThrownBy(() -> this.users.bindPhoneNumber(APP_ID, OPENID, PHONE));
		assertThat(this.users.loadUser(APP_ID, OPENID)).isNull();
	}

	@Test
	void unionidIsFilledInWhenItBecomesKnown() {
		this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null));
		this.users.bindPhoneNumber(APP_ID, OPENID, PHONE);
		WxUserRegistration later = this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, "oUnion123"));
		assertThat(later.created()).isFalse();
		assertThat(later.user().unionid()).isEqualTo("oUnion123");
		assertThat(later.user().phoneNumber()).isEqualTo("13800138000");
		assertThat(later.user().authorities()).containsExactly("ROLE_USER", "PHONE_VERIFIED");
		assertThat(this.users.loadUser(APP_ID, OPENID).unionid()).isEqualTo("oUnion123");
	}

	@Test
	void aLoginWithoutUnionidKeepsTheKnownOne() {
		this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, "oUnion123"));
		WxUserRegistration later = this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null));
		assertThat(later.user().unionid()).isEqualTo("oUnion123");
	}

}
