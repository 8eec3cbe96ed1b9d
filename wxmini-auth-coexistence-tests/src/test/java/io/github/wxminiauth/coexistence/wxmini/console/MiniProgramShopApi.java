package io.github.wxminiauth.coexistence.wxmini.console;

import java.util.List;
import java.util.Map;

import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API the mini program calls, served by the console's application next to its pages.
 */
@RestController
public class MiniProgramShopApi {

	@GetMapping("/api/products")
	Map<String, Object> products(@AuthenticationPrincipal WxPrincipal customer) {
		return Map.of("customer", customer.openid(), "products", List.of("月饼礼盒", "龙井茶"));
	}

	@PostMapping("/api/cart/items")
	Map<String, Object> addToCart(@AuthenticationPrincipal WxPrincipal customer, @RequestBody Map<String, Object> item) {
		return Map.of("customer", customer.openid(), "added", item.get("product"));
	}

}
