"""stakeholder_reading: (workspace_id, updated_at) in place of (workspace_id)

The champion map asks which of a workspace's readings were written since a moment; the
composite index answers that and every lookup by workspace alone.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 18:40:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('stakeholder_reading', schema=None) as batch_op:
        batch_op.create_index(
            'ix_stakeholder_reading_workspace_id_updated_at',
            ['workspace_id', 'updated_at'],
            unique=False,
        )
        batch_op.drop_index(batch_op.f('ix_stakeholder_reading_workspace_id'))


def downgrade() -> None:
    with op.batch_alter_table('stakeholder_reading', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_stakeholder_reading_workspace_id'), ['workspace_id'], unique=False
        )
        batch_op.drop_index('ix_stakeholder_reading_workspace_id_updated_at')
