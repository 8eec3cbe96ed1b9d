package io.github.wxminiauth.sample.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
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

	MeController(WxUserRepository users) {
		this.users = users;
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
		return new Me(user.getOpenid(), user.getAppId(), user.getUnionid(), user.getPhoneNumber(), authorities,
				user.getCreatedAt());
	}

	record Me(String openid, String appid, @Nullable String unionid,
			@JsonProperty("phone_number") @Nullable String phoneNumber, List<String> authorities,
			@JsonProperty("created_at") Instant createdAt) {
	}

}
