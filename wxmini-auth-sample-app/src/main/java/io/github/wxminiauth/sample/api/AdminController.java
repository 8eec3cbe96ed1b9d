package io.github.wxminiauth.sample.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wxminiauth.event.WxSessionRevokedEvent;
import io.github.wxminiauth.sample.user.JpaWxUserDetailsService;
import io.github.wxminiauth.sample.user.WxUser;
import io.github.wxminiauth.sample.user.WxUserRepository;
import io.github.wxminiauth.sample.web.Problems;
import io.github.wxminiauth.session.WxSessionService;
import io.github.wxminiauth.token.WxSessionInfo;
import io.github.wxminiauth.user.WxUserDetails;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators only (the openids listed in {@code sample.admin-openids}): the users, and their
 * sessions through the starter's {@link WxSessionService} — list them, kick the user out
 * everywhere, disable and enable the user.
 */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class AdminController {

	private final WxUserRepository users;

	private final JpaWxUserDetailsService userService;

	private final WxSessionService sessions;

	private final String appId;

	AdminController(WxUserRepository users, JpaWxUserDetailsService userService, WxSessionService sessions,
			@Value("${wxmini.app-id}") String appId) {
		this.users = users;
		this.userService = userService;
		this.sessions = sessions;
		// The sample's own mini program; those added at runtime (/api/admin/apps) come and go.
		this.appId = appId;
	}

	@GetMapping("/api/admin/users")
	List<UserSummary> users() {
		return this.users.findTop100ByOrderByCreatedAtAsc().stream().map(AdminController::summary).toList();
	}

	@GetMapping("/api/admin/users/{openid}/sessions")
	ResponseEntity<?> sessions(@PathVariable String openid) {
		if (!exists(openid)) {
			return notFound();
		}
		List<SessionSummary> sessions = this.sessions.sessions(this.appId, openid)
			.stream()
			.map(AdminController::summary)
			.toList();
		return ResponseEntity.ok(Map.of("sessions", sessions));
	}

	/**
	 * Kicks the user out everywhere; they may log in again at once.
	 */
	@DeleteMapping("/api/admin/users/{openid}/sessions")
	ResponseEntity<?> kick(@PathVariable String openid) {
		if (!exists(openid)) {
			return notFound();
		}
		this.sessions.revokeAll(this.appId, openid, WxSessionRevokedEvent.Reason.KICK);
		return ResponseEntity.noContent().build();
	}

	/**
	 * Disables the user, until {@code until} (ISO-8601) or until enabled again.
	 */
	@PostMapping("/api/admin/users/{openid}/disable")
	ResponseEntity<?> disable(@PathVariable String openid, @RequestParam(required = false) @Nullable Instant until) {
		if (!exists(openid)) {
			return notFound();
		}
		this.sessions.disable(this.appId, openid, (until != null) ? until : WxUserDetails.DISABLED_INDEFINITELY);
		return ResponseEntity.noContent().build();
	}

	/**
	 * Grants and takes away authorities; the user's current access tokens stop working, and their
	 * next refresh carries the new authorities (no new {@code wx.login}).
	 */
	@PostMapping("/api/admin/users/{openid}/authorities")
	ResponseEntity<?> authorities(@PathVariable String openid, @RequestBody AuthorityChange change) {
		String unknown = Problems.unknownMembers(change.unknown());
		if (unknown != null) {
			return Problems.invalidRequest(unknown);
		}
		if (!exists(openid)) {
			return notFound();
		}
		this.userService.changeAuthorities(this.appId, openid, change.add(), change.remove());
		this.sessions.refreshAuthorities(this.appId, openid);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/admin/users/{openid}/enable")
	ResponseEntity<?> enable(@PathVariable String openid) {
		if (!exists(openid)) {
			return notFound();
		}
		this.sessions.enable(this.appId, openid);
		return ResponseEntity.noContent().build();
	}

	private boolean exists(String openid) {
		return this.users.findByAppIdAndOpenid(this.appId, openid).isPresent();
	}

	private static ResponseEntity<?> notFound() {
		return Problems.of(HttpStatus.NOT_FOUND, "not_found", "No such user");
	}

	private static UserSummary summary(WxUser user) {
		return new UserSummary(user.getOpenid(), PhoneNumbers.mask(user.getPurePhoneNumber()), user.getCreatedAt(),
				user.getDisabledUntil() != null && Instant.now().isBefore(user.getDisabledUntil()));
	}

	private static SessionSummary summary(WxSessionInfo session) {
		return new SessionSummary(session.sessionId(), session.device(), session.createdAt(), session.refreshedAt(),
				session.expiresAt());
	}

	/**
	 * Authorities to grant and to take away; members it does not know are collected in
	 * {@code unknown}, and refused.
	 */
	record AuthorityChange(@Nullable List<String> add, @Nullable List<String> remove,
			@JsonAnySetter @Nullable Map<String, Object> unknown) {

		AuthorityChange {
			add = (add != null) ? List.copyOf(add) : List.of();
			remove = (remove != null) ? List.copyOf(remove) : List.of();
		}

	}

	record UserSummary(String openid, @JsonProperty("phone_number") @Nullable String phoneNumber,
			@JsonProperty("created_at") Instant createdAt, boolean disabled) {
	}

	@JsonInclude(JsonInclude.Include.ALWAYS)
	record SessionSummary(String sid, @Nullable String device, @JsonProperty("created_at") Instant createdAt,
			@JsonProperty("refreshed_at") @Nullable Instant refreshedAt, @JsonProperty("expires_at") Instant expiresAt) {
	}

}
