package holdfast.fhirserver;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the POSTs to the FHIR base (the node's transactions) once answered, served as {@code GET /stats}
 * {@code {"posts":N}}: tests see that a replay reached the server although it changed nothing there.
 */
final class RequestCounter extends HttpServlet implements Filter {

    private final AtomicLong posts = new AtomicLong();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            if ("POST".equals(((HttpServletRequest) request).getMethod())) {
                posts.incrementAndGet();
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("application/json");
        resp.getWriter().write("{\"posts\":" + posts.get() + "}");
    }
}
