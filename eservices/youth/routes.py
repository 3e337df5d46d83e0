"""HTTP for voters and the public: the election's front page and voting."""

from flask import render_template

from eservices.permissions import public
from eservices.youth import bp, services


@bp.route("/")
@public
def index():
    """The youth election: when it is, who may vote, and the way in to voting."""
    election = services.current_election()
    return render_template("youth/index.html", election=election)
