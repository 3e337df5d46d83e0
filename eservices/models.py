"""Every model module, imported in one place so Alembic and the app see the whole schema."""

from eservices.accounts import models as accounts  # noqa: F401
from eservices.attachments import models as attachments  # noqa: F401
from eservices.audit import models as audit  # noqa: F401
from eservices.cases import models as cases  # noqa: F401
from eservices.integrations import models as integrations  # noqa: F401
from eservices.moderation import models as moderation  # noqa: F401
from eservices.notifications import models as notifications  # noqa: F401
from eservices.organisation import models as organisation  # noqa: F401
from eservices.proposals import comment_models as proposal_comments  # noqa: F401
from eservices.proposals import models as proposals  # noqa: F401
from eservices.proposals import support_models as proposal_supports  # noqa: F401
from eservices.submissions import models as submissions  # noqa: F401
from eservices.youth import models as youth  # noqa: F401
