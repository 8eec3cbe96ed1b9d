package io.github.wxminiauth.security.authentication.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.phone.PhoneNumberService;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.security.authentication.WxMiniAuthenticationToken;
import io.github.wxminiauth.sessionkey.InMemorySessionKeyStore;
import io.github.wxminiauth.sessionkey.SessionKeyStore;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxInvalidCodeException;
import io.github.wxminiauth.wechat.WxSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class WxMiniAuthenticationProviderTests {

	private static final WxApp APP = new WxApp("default", "wx-app", "app-secret");

	private static final String SESSION_KEY = "c2Vzc2lvbi1rZXktTVVTVC1OT1QtTEVBSw==";

	private final WxApiClient wechat = new SessionOnlyClient();

	@Test
	void loginKeepsTheLatestSessionKeyOfTheUser() {
		SessionKeyStore sessionKeys = new InMemorySessionKeyStore(new MutableClock(Instant.EPOCH),
				Duration.ofDays(3));
		WxMiniAuthenticationProvider provider = new WxMiniAuthenticationProvider(this.wechat,
				new InMemoryWxUserDetailsService(), sessionKeys);

		Authentication result = provider.authenticate(WxMiniAuthenticationToken.unauthenticated(APP, "code-1"));

		assertThat(result.isAuthenticated()).isTrue();
		assertThat(sessionKeys.find("wx-app", "openid-1")).isEqualTo(SESSION_KEY);
	}

	@Test
	void loginSucceedsWhenTheSessionKeyCannotBeKeptAndTheKeyIsNotLogged(CapturedOutput output) {
		SessionKeyStore failing = new SessionKeyStore() {

			@Override
			public void save(String appId, String openid, String sessionKey) {
				throw new IllegalStateException("store down, would have kept " + sessionKey);
			}

			@Override
			public @Nullable String find(String appId, String openid) {
				return null;
			}

		};
		WxMiniAuthenticationProvider provider = new WxMiniAuthenticationProvider(this.wechat,
				new InMemoryWxUserDetailsService(), failing);

		Authentication result = provider.authenticate(WxMiniAuthenticationToken.unauthenticated(APP, "code-1"));

		assertThat(result.isAuthenticated()).isTrue();
		assertThat(output).contains("Could not keep the session key of openid openid-1").doesNotContain(SESSION_KEY);
	}

	@Test
	void oneTapLoginVerifiesTheNumberForTheOpenidThenStoresTheUserWithItAndTheSessionKey() {
		PhoneClient wechat = new PhoneClient();
		SessionKeyStore sessionKeys = sessionKeys();
		InMemoryWxUserDetailsService users = new InMemoryWxUserDetailsService();
		WxMiniAuthenticationProvider provider = oneTapProvider(wechat, users, sessionKeys);

		WxMiniAuthenticationToken result = (WxMiniAuthenticationToken) provider
			.authenticate(WxMiniAuthenticationToken.unauthenticated(APP, "code-1").withPhoneCode("phone-code-1"));

		assertThat(wechat.phoneCalls).containsExactly("phone-code-1 for openid-1");
		assertThat(result.getPhoneNumber()).isEqualTo(PHONE);
		assertThat(result.getPrincipal().created()).isTrue();
		assertThat(result.getPrincipal().user().phoneNumber()).isEqualTo("13800138000");
		assertThat(result.getAuthorities()).extracting(GrantedAuthority::getAuthority).contains("PHONE_VERIFIED");
		assertThat(users.loadUser("wx-app", "openid-1").isPhoneBound()).isTrue();
		assertThat(sessionKeys.find("wx-app", "openid-1")).isEqualTo(SESSION_KEY);
		assertThat(result.getPhoneCode()).as("erased with the credentials").isNull();
	}

	@Test
	void oneTapLoginWhosePhoneStepFailsStoresNoUserAndNoSessionKey() {
		PhoneClient wechat = new PhoneClient();
		wechat.failure = new WxInvalidCodeException("getuserphonenumber", 40029, "invalid code");
		SessionKeyStore sessionKeys = sessionKeys();
		InMemoryWxUserDetailsService users = new InMemoryWxUserDetailsService();
		WxMiniAuthenticationProvider provider = oneTapProvider(wechat, users, sessionKeys);

		assertThatExceptionOfType(WxAuthenticationException.class)
			.isThrownBy(() -> provider
				.authenticate(WxMiniAuthenticationToken.unauthenticated(APP, "code-1").withPhoneCode("bad")))
			.satisfies((ex) -> {
				assertThat(ex.getError().code()).isEqualTo(WxAuthErrors.INVALID_CODE);
				assertThat(ex.getError().wxErrcode()).isEqualTo(40029);
			});
		assertThat(users.loadUser("wx-app", "openid-1")).isNull();
		assertThat(sessionKeys.find("wx-app", "openid-1")).isNull();
	}

	@Test
	void oneTapLoginOfAKnownDisabledUserIsRefusedBeforeThePhoneCodeIsSpent() {
		PhoneClient wechat = new PhoneClient();
		SessionKeyStore sessionKeys = sessionKeys();
		InMemoryWxUserDetailsService users = new InMemoryWxUserDetailsService();
		users.loadOrRegister(new WxIdentity("wx-app", "openid-1", null));
		users.disable("wx-app", "openid-1", WxUserDetails.DISABLED_INDEFINITELY);
		WxMiniAuthenticationProvider provider = oneTapProvider(wechat, users, sessionKeys);

		assertThatExceptionOfType(WxAuthenticationException.class)
			.isThrownBy(() -> provider
				.authenticate(WxMiniAuthenticationToken.unauthenticated(APP, "code-1").withPhoneCode("phone-code")))
			.satisfies((ex) -> assertThat(ex.getError().code()).isEqualTo(WxAuthErrors.ACCOUNT_DISABLED));
		assertThat(wechat.phoneCalls).isEmpty();
		assertThat(users.loadUser("wx-app", "openid-1").isPhoneBound()).isFalse();
		assertThat(sessionKeys.find("wx-app", "openid-1")).isNull();
	}

	@Test
	void oneTapLoginLinkedToADisabledAccountIsRefused() {
		PhoneClient wechat = new PhoneClient();
		SessionKeyStore sessionKeys = sessionKeys();
		// A store that links the identity to an account the application disabled.
		WxUserDetailsService linking = new InMemoryUsers() {

			@Override
			public WxUserRegistration loadOrRegisterWithPhoneNumber(WxIdentity identity, PhoneNumber phoneNumber) {
				return WxUserRegistration.existing(new WxUserDetails(identity.appId(), identity.openid(), null,
						phoneNumber.phoneNumber(), List.of("ROLE_USER"), WxUserDetails.DISABLED_INDEFINITELY));
			}

		};
		WxMiniAuthenticationProvider provider = oneTapProvider(wechat, linking, sessionKeys);

		assertThatExceptionOfType(WxAuthenticationException.class)
			.isThrownBy(() -> provider
				.authenticate(WxMiniAuthenticationToken.unauthenticated(APP, "code-1").withPhoneCode("phone-code")))
			.satisfies((ex) -> assertThat(ex.getError().code()).isEqualTo(WxAuthErrors.ACCOUNT_DISABLED));
		assertThat(sessionKeys.find("wx-app", "openid-1")).isNull();
	}

	@Test
	void oneTapLoginThatTheGuardRefusesNeverReachesThePhoneStep() {
		PhoneClient wechat = new PhoneClient();
		InMemoryWxUserDetailsService users = new InMemoryWxUserDetailsService();
		SessionKeyStore sessionKeys = sessionKeys();
		WxMiniAuthenticationProvider provider = oneTapProvider(wechat, users, sessionKeys);
		List<WxIdentity> checked = new ArrayList<>();
		provider.setPhoneLoginGuard((login, identity) -> {
			checked.add(identity);
			throw new WxAuthenticationException(WxAuthErrors.rateLimited(Duration.ofSeconds(30), null));
		});

		assertThatExceptionOfType(WxAuthenticationException.class).isThrownBy(() -> provider
			.authenticate(WxMiniAuthenticationToken.unauthenticated(APP, "code-1").withPhoneCode("phone-code")));
		assertThat(checked).containsExactly(new WxIdentity("wx-app", "openid-1", null));
		assertThat(wechat.phoneCalls).isEmpty();
		assertThat(users.loadUser("wx-app", "openid-1")).isNull();
	}

	@Test
	void aNumberVerifiedButNotStoredIsLoggedWithoutTheNumber(CapturedOutput output) {
		PhoneClient wechat = new PhoneClient();
		WxUserDetailsService failing = new InMemoryUsers() {

			@Override
			public WxUserRegistration loadOrRegisterWithPhoneNumber(WxIdentity identity, PhoneNumber phoneNumber) {
				throw new IllegalStateException("database down while storing " + phoneNumber.purePhoneNumber());
			}

		};
		WxMiniAuthenticationProvider provider = oneTapProvider(wechat, failing, sessionKeys());

		assertThatExceptionOfType(InternalAuthenticationServiceException.class).isThrownBy(() -> provider
			.authenticate(WxMiniAuthenticationToken.unauthenticated(APP, "code-1").withPhoneCode("phone-code")));
		assertThat(output).contains("WeChat verified the phone number of openid openid-1 in app wx-app")
			.doesNotContain("13800138000");
	}

	@Test
	void plainLoginNeverCallsThePhoneStep() {
		PhoneClient wechat = new PhoneClient();
		WxMiniAuthenticationProvider provider = oneTapProvider(wechat, new InMemoryWxUserDetailsService(),
				sessionKeys());
		WxMiniAuthenticationToken result = (WxMiniAuthenticationToken) provider
			.authenticate(WxMiniAuthenticationToken.unauthenticated(APP, "code-1"));
		assertThat(wechat.phoneCalls).isEmpty();
		assertThat(result.getPhoneNumber()).isNull();
		assertThat(result.getPrincipal().user().isPhoneBound()).isFalse();
	}

	private static WxMiniAuthenticationProvider oneTapProvider(WxApiClient wechat, WxUserDetailsService users,
			SessionKeyStore sessionKeys) {
		WxMiniAuthenticationProvider provider = new WxMiniAuthenticationProvider(wechat, users, sessionKeys);
		provider.setPhoneNumberService(
				new PhoneNumberService(WxAppRegistry.of(APP), wechat, new FixedAccessToken(), users));
		return provider;
	}

	private static SessionKeyStore sessionKeys() {
		return new InMemorySessionKeyStore(new MutableClock(Instant.EPOCH), Duration.ofDays(3));
	}

	private static final PhoneNumber PHONE = new PhoneNumber("13800138000", "13800138000", "86");

	/**
	 * The in-memory store, open to overriding one method.
	 */
	private static class InMemoryUsers implements WxUserDetailsService {

		private final InMemoryWxUserDetailsService delegate = new InMemoryWxUserDetailsService();

		@Override
		public WxUserRegistration loadOrRegister(WxIdentity identity) {
			return this.delegate.loadOrRegister(identity);
		}

		@Override
		public @Nullable WxUserDetails loadUser(String appId, String openid) {
			return this.delegate.loadUser(appId, openid);
		}

		@Override
		public WxUserDetails bindPhoneNumber(String appId, String openid, PhoneNumber phoneNumber) {
			return this.delegate.bindPhoneNumber(appId, openid, phoneNumber);
		}

	}

	private static final class FixedAccessToken implements AccessTokenProvider {

		@Override
		public WxAccessToken getAccessToken(String appId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void expire(String appId, String failedToken) {
		}

		@Override
		public <T> T execute(String appId, Function<String, T> call) {
			return call.apply("access-token");
		}

	}

	/**
	 * Logs in openid-1 and verifies phone codes, recording for which openid.
	 */
	private static final class PhoneClient implements WxApiClient {

		final List<String> phoneCalls = new ArrayList<>();

		@Nullable RuntimeException failure;

		@Override
		public WxSession code2Session(WxApp app, String code) {
			return new WxSession("openid-1", null, SESSION_KEY);
		}

		@Override
		public WxAccessToken fetchStableAccessToken(WxApp app) {
			throw new UnsupportedOperationException();
		}

		@Override
		public PhoneNumber getPhoneNumber(WxApp app, String accessToken, String code, @Nullable String openid) {
			this.phoneCalls.add(code + " for " + openid);
			if (this.failure != null) {
				throw this.failure;
			}
			return PHONE;
		}

	}

	private static final class SessionOnlyClient implements WxApiClient {

		@Override
		public WxSession code2Session(WxApp app, String code) {
			return new WxSession("openid-1", null, SESSION_KEY);
		}

		@Override
		public WxAccessToken fetchStableAccessToken(WxApp app) {
			throw new UnsupportedOperationException();
		}

		@Override
		public PhoneNumber getPhoneNumber(WxApp app, String accessToken, String code, @Nullable String openid) {
			throw new UnsupportedOperationException();
		}

	}

}
