package io.github.wxminiauth.integration.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wxminiauth.sessionkey.InMemorySessionKeyStore;
import io.github.wxminiauth.sessionkey.SessionKeyStore;
import io.github.wxminiauth.token.InMemoryRefreshTokenStore;
import io.github.wxminiauth.token.RefreshTokenStore;
import io.github.wxminiauth.token.RotationResult;
import io.github.wxminiauth.token.WxSessionInfo;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.PhoneNumber;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application the hardening tests attack: the starter's defaults, with the user store, the
 * refresh-token store and the session-key store wrapped so that tests can tell whether anything
 * was written.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class HardeningTestApplication {

	@Bean
	RecordingUserDetailsService wxUserDetailsService() {
		return new RecordingUserDetailsService(new InMemoryWxUserDetailsService());
	}

	@Bean
	RecordingRefreshTokenStore wxRefreshTokenStore() {
		return new RecordingRefreshTokenStore(new InMemoryRefreshTokenStore(Clock.systemUTC()));
	}

	@Bean
	RecordingSessionKeyStore wxSessionKeyStore() {
		return new RecordingSessionKeyStore(new InMemorySessionKeyStore(Clock.systemUTC(), Duration.ofDays(3)));
	}

	@RestController
	public static class Api {

		@GetMapping("/api/me")
		Map<String, Object> me(@AuthenticationPrincipal WxPrincipal principal) {
			return Map.of("openid", principal.openid(), "appid", principal.appId());
		}

	}

	/**
	 * Counts every write to the user store.
	 */
	public static final class RecordingUserDetailsService implements WxUserDetailsService {

		private final WxUserDetailsService delegate;

		public final AtomicInteger registrations = new AtomicInteger();

		public final AtomicInteger phoneBindings = new AtomicInteger();

		/** Registrations the store answered with a user it created just then. */
		public final AtomicInteger created = new AtomicInteger();

		/** Every distinct user object the store handed out for a registration, by identity. */
		public final Set<WxUserDetails> registeredUsers = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

		public RecordingUserDetailsService(WxUserDetailsService delegate) {
			this.delegate = delegate;
		}

		public int writes() {
			return this.registrations.get() + this.phoneBindings.get();
		}

		@Override
		public WxUserRegistration loadOrRegister(WxIdentity identity) {
			this.registrations.incrementAndGet();
			WxUserRegistration registration = this.delegate.loadOrRegister(identity);
			if (registration.created()) {
				this.created.incrementAndGet();
			}
			this.registeredUsers.add(registration.user());
			return registration;
		}

		@Override
		public @Nullable WxUserDetails loadUser(String appId, String openid) {
			return this.delegate.loadUser(appId, openid);
		}

		@Override
		public WxUserDetails bindPhoneNumber(String appId, String openid, PhoneNumber phoneNumber) {
			this.phoneBindings.incrementAndGet();
			return this.delegate.bindPhoneNumber(appId, openid, phoneNumber);
		}

		@Override
		public WxUserDetails disable(String appId, String openid, Instant until) {
			return this.delegate.disable(appId, openid, until);
		}

		@Override
		public WxUserDetails enable(String appId, String openid) {
			return this.delegate.enable(appId, openid);
		}

	}

	/**
	 * Counts every write to the session-key store.
	 */
	public static final class RecordingSessionKeyStore implements SessionKeyStore {

		private final SessionKeyStore delegate;

		private final AtomicInteger writes = new AtomicInteger();

		public RecordingSessionKeyStore(SessionKeyStore delegate) {
			this.delegate = delegate;
		}

		public int writes() {
			return this.writes.get();
		}

		@Override
		public void save(String appId, String openid, String sessionKey) {
			this.writes.incrementAndGet();
			this.delegate.save(appId, openid, sessionKey);
		}

		@Override
		public @Nullable String find(String appId, String openid) {
			return this.delegate.find(appId, openid);
		}

	}

	/**
	 * Counts every write to the refresh-token store and every live refresh token it holds.
	 */
	public static final class RecordingRefreshTokenStore implements RefreshTokenStore {

		private final RefreshTokenStore delegate;

		public final AtomicInteger writes = new AtomicInteger();

		public RecordingRefreshTokenStore(RefreshTokenStore delegate) {
			this.delegate = delegate;
		}

		public int writes() {
			return this.writes.get();
		}

		@Override
		public List<String> save(String tokenHash, WxPrincipal session, Instant expiresAt, @Nullable String device,
				int maxSessionsPerUser, Instant revokeUntil) {
			this.writes.incrementAndGet();
			return this.delegate.save(tokenHash, session, expiresAt, device, maxSessionsPerUser, revokeUntil);
		}

		@Override
		public List<WxSessionInfo> liveSessions(String appId, String openid) {
			return this.delegate.liveSessions(appId, openid);
		}

		@Override
		public RotationResult rotate(String presentedHash, String replacementHash, Instant now,
				Instant replacementExpiresAt, Instant revokeUntil) {
			this.writes.incrementAndGet();
			return this.delegate.rotate(presentedHash, replacementHash, now, replacementExpiresAt, revokeUntil);
		}

		@Override
		public void revokeSession(String sessionId, Instant until) {
			this.writes.incrementAndGet();
			this.delegate.revokeSession(sessionId, until);
		}

		@Override
		public boolean isSessionRevoked(String sessionId) {
			return this.delegate.isSessionRevoked(sessionId);
		}

		@Override
		public void markUserStale(String appId, String openid, Instant before, Instant until) {
			this.delegate.markUserStale(appId, openid, before, until);
		}

		@Override
		public @Nullable Instant staleBefore(String appId, String openid) {
			return this.delegate.staleBefore(appId, openid);
		}

	}

}
