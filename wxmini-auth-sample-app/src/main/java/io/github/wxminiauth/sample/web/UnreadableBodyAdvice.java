package io.github.wxminiauth.sample.web;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A body the sample's controllers cannot read (not JSON, not an object, a member of the wrong
 * type) is answered 400 {@code invalid_request} in the starter's error shape, like the starter's
 * own endpoints answer such bodies. Only the sample's controllers: any other controller keeps
 * Spring's default answer.
 */
@RestControllerAdvice(basePackages = "io.github.wxminiauth.sample")
class UnreadableBodyAdvice {

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> unreadableBody(HttpMessageNotReadableException ex) {
		// Not the exception's message: it quotes the parser, the Java types and part of the body.
		return Problems.invalidRequest("The body is not a JSON object of this request's members");
	}

}
