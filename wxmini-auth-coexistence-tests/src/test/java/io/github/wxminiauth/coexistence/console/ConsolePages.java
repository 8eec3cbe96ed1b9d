package io.github.wxminiauth.coexistence.console;

import java.nio.charset.StandardCharsets;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's pages: a start page with a form to post a notice.
 */
@RestController
public class ConsolePages {

	@GetMapping("/console")
	ResponseEntity<String> console(Authentication operator, CsrfToken csrf) {
		return html("<h1>运营后台</h1><p>Hello, " + HtmlUtils.htmlEscape(operator.getName()) + "</p>"
				+ "<form method=\"post\" action=\"/console/notices\">" + "<input type=\"hidden\" name=\""
				+ csrf.getParameterName() + "\" value=\"" + csrf.getToken() + "\"/>"
				+ "<input name=\"text\"/><button>Publish</button></form>");
	}

	@PostMapping("/console/notices")
	ResponseEntity<String> publish(@RequestParam String text) {
		return html("<p>Published: " + HtmlUtils.htmlEscape(text) + "</p>");
	}

	private static ResponseEntity<String> html(String body) {
		return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(body);
	}

}
