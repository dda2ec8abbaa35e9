"""Response model of the breakout-room planner (GET /sessions/plan): the JSON of docs/search-api.md."""

from __future__ import annotations

from pydantic import BaseModel, Field

from nzc_graph.api.schemas.search import EvidenceOut, evidence_out
from nzc_graph.search.planner import Room, RoomPlan, Storyteller


class MemberOut(BaseModel):
    city: str
    city_label: str
    shares: list[str] = Field(description="IRIs of the room's shared challenges this city has.")
    has_challenges: bool = Field(description="False when the graph records no challenge for the city.")


class SharedChallengeOut(BaseModel):
    challenge: str
    challenge_label: str
    cities: list[str]
    city_labels: list[str]


class StorytellerOut(BaseModel):
    city: str
    city_label: str
    practice: str
    practice_label: str
    status: str
    status_label: str = Field(description="piloting, implemented or scaled.")
    status_rank: int
    challenge: str = Field(description="The shared challenge the practice addresses.")
    challenge_label: str
    audience: list[str] = Field(description="Labels of the other cities of the room with that challenge.")
    evidence: EvidenceOut | None


class RoomOut(BaseModel):
    room: int = Field(description="1, 2, …: rooms with a storyteller first, then by overlap.")
    cities: list[str]
    city_labels: list[str]
    members: list[MemberOut]
    shared_challenges: list[SharedChallengeOut] = Field(description="Challenges two or more cities have, most first.")
    overlap: int = Field(description="For each shared challenge, the cities with it beyond the first, summed.")
    storyteller: StorytellerOut | None = Field(description="Null when no city of the room can be one (see note).")
    note: str


class PlanResponse(BaseModel):
    cohort: str | None = Field(description="The cohort's IRI, or null for a list of cities.")
    cohort_label: str | None
    cities: int = Field(description="Number of cities placed (each exactly once).")
    rooms: int
    min_size: int
    max_size: int
    overlap: int
    without_storyteller: int = Field(description="Rooms in which no city has a working practice to present.")
    status: str = Field(description="optimal (proven), or feasible: the best plan found within the time limit.")
    objective: str
    method: str
    results: list[RoomOut] = Field(description="The rooms.")


def storyteller_out(s: Storyteller | None) -> StorytellerOut | None:
    if s is None:
        return None
    return StorytellerOut(
        city=s.city,
        city_label=s.city_label,
        practice=s.practice,
        practice_label=s.practice_label,
        status=s.status,
        status_label=s.status_label,
        status_rank=s.status_rank,
        challenge=s.challenge,
        challenge_label=s.challenge_label,
        audience=list(s.audience),
        evidence=evidence_out(s.evidence),
    )


def room_out(r: Room) -> RoomOut:
    return RoomOut(
        room=r.number,
        cities=list(r.cities),
        city_labels=list(r.city_labels),
        members=[
            MemberOut(city=m.city, city_label=m.label, shares=list(m.shares), has_challenges=m.has_challenges)
            for m in r.members
        ],
        shared_challenges=[
            SharedChallengeOut(
                challenge=c.challenge, challenge_label=c.label, cities=list(c.cities), city_labels=list(c.city_labels)
            )
            for c in r.shared
        ],
        overlap=r.overlap,
        storyteller=storyteller_out(r.storyteller),
        note=r.note,
    )


def plan_response(plan: RoomPlan) -> PlanResponse:
    return PlanResponse(
        cohort=plan.cohort,
        cohort_label=plan.cohort_label,
        cities=plan.cities,
        rooms=len(plan.rooms),
        min_size=plan.min_size,
        max_size=plan.max_size,
        overlap=plan.overlap,
        without_storyteller=plan.without_storyteller,
        status=plan.status,
        objective=plan.objective,
        method=plan.method,
        results=[room_out(r) for r in plan.rooms],
    )
