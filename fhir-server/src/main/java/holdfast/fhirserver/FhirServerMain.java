package holdfast.fhirserver;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Starts the HAPI FHIR R4 JPA server on 127.0.0.1 at {@code /fhir}: {@code FhirServerMain <port> [readyFile]}.
 * Port 0 picks a free port; once the server answers, the port is written to {@code readyFile} (and printed as
 * {@code FHIR_SERVER_READY port=N}), so a parent process can wait for it. Runs until killed.
 */
public final class FhirServerMain {

    private FhirServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext(FhirServerConfig.class);
        RestfulServer rest = new RestfulServer(spring.getBean(FhirContext.class));
        rest.registerProviders(spring.getBean("myResourceProvidersR4", ResourceProviderFactory.class).createProviders());
        rest.registerProvider(spring.getBean("mySystemProviderR4", JpaSystemProvider.class));
        rest.setPagingProvider(spring.getBean(DatabaseBackedPagingProvider.class));
        rest.setDefaultResponseEncoding(ca.uhn.fhir.rest.api.EncodingEnum.JSON);
        spring.getBean(ca.uhn.fhir.interceptor.api.IInterceptorService.class).registerInterceptor(new SiteRule());

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(rest), "/fhir/*");
        RequestCounter counter = new RequestCounter();
        context.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(counter), "/fhir/*",
                java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(counter), "/stats");
        jetty.setHandler(context);
        jetty.start();
        int bound = connector.getLocalPort();
        // HAPI builds its CapabilityStatement on the first GET metadata, which takes tens of seconds on a loaded
        // machine: do it before saying ready, so that no client's first probe times out on it.
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + bound
                    + "/fhir/metadata")).timeout(java.time.Duration.ofMinutes(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        }
        if (args.length > 1) {
            Path ready = Path.of(args[1]);
            Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
            Files.writeString(tmp, Integer.toString(bound));
            Files.move(tmp, ready, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println("FHIR_SERVER_READY port=" + bound);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                jetty.stop();
            } catch (Exception e) {
                // stopping anyway
            }
            spring.close();
        }));
        jetty.join();
    }
}
