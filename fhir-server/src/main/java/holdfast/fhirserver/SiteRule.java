package holdfast.fhirserver;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;

/**
 * A site's own validation rule, as a production FHIR server has them: an Observation coded
 * {@code refused-by-site} is refused with 422 and an OperationOutcome. Lets the tests see how the node isolates
 * one refused event in a batch.
 */
@Interceptor
public final class SiteRule {

    static final String REFUSED_CODE = "refused-by-site";

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        check(resource);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource) {
        check(resource);
    }

    private static void check(IBaseResource resource) {
        if (resource instanceof Observation o) {
            for (Coding c : o.getCode().getCoding()) {
                if (REFUSED_CODE.equals(c.getCode())) {
                    throw new UnprocessableEntityException("Site rule: observation code " + REFUSED_CODE
                            + " is not accepted here");
                }
            }
        }
    }
}
