package io.github.wxminiauth.coexistence.wxmini.shop;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the mini program asks of the shop about its user.
 */
@RestController
public class MiniProgramApi {

	/**
	 * The mini-program user, or nulls for the shop's other callers.
	 */
	@GetMapping("/api/mini/me")
	Map<String, Object> me(@AuthenticationPrincipal WxPrincipal principal) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("openid", (principal != null) ? principal.openid() : null);
		body.put("unionid", (principal != null) ? principal.unionid() : null);
		return body;
	}

}
