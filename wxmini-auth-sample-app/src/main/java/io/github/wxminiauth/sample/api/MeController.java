package io.github.wxminiauth.sample.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wxminiauth.sample.user.MemberAccount;
import io.github.wxminiauth.sample.user.MemberAccountRepository;
import io.github.wxminiauth.sample.user.WxUser;
import io.github.wxminiauth.sample.user.WxUserRepository;
import io.github.wxminiauth.user.WxPrincipal;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who am I: any logged-in user. The application's security chain demands a valid access token on
 * every {@code /api} path, so no annotation is needed.
 */
@RestController
class MeController {

	private final WxUserRepository users;

	private final MemberAccountRepository accounts;

	MeController(WxUserRepository users, MemberAccountRepository accounts) {
		this.users = users;
		this.accounts = accounts;
	}

	@GetMapping("/api/me")
	Me me(@AuthenticationPrincipal WxPrincipal principal, Authentication authentication) {
		WxUser user = this.users.findByAppIdAndOpenid(principal.appId(), principal.openid())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "The user no longer exists"));
		// The authorities of this request are the ones in its access token, not the database's;
		// how the request was authenticated (Spring Security's FACTOR_BEARER) is not one of them.
		List<String> authorities = authentication.getAuthorities()
			.stream()
			.filter((authority) -> !(authority instanceof FactorGrantedAuthority))
			.map(GrantedAuthority::getAuthority)
			.toList();
		Account account = (user.getAccountId() != null)
				? this.accounts.findById(user.getAccountId()).map(Account::of).orElse(null) : null;
		return new Me(user.getOpenid(), user.getAppId(), user.getUnionid(), user.getPhoneNumber(), authorities,
				user.getCreatedAt(), account);
	}

	/**
	 * @param account the account of the application's own that a one-tap phone login linked the
	 * user to, or {@code null}
	 */
	record Me(String openid, String appid, @Nullable String unionid,
			@JsonProperty("phone_number") @Nullable String phoneNumber, List<String> authorities,
			@JsonProperty("created_at") Instant createdAt, @Nullable Account account) {
	}

	record Account(long id, @JsonProperty("display_name") String displayName,
			@JsonProperty("registered_at") Instant registeredAt) {

		static Account of(MemberAccount account) {
			return new Account(account.getId(), account.getDisplayName(), account.getCreatedAt());
		}

	}

}
