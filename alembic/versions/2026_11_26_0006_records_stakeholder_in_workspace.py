"""records: one (stakeholder_id, workspace_id) foreign key in place of two

Every record about a stakeholder (conversation, concern, acknowledgement, signal,
commitment) referred to its stakeholder and, separately, to its workspace. One composite
key to the stakeholder's (id, workspace_id) says more (the stakeholder is in the record's
workspace) and is one check per inserted row instead of two, which a large import feels;
deleting the workspace still deletes the records, through their stakeholders.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 23:55:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECORDS = ('conversation', 'concern', 'acknowledgement', 'signal', 'commitment')


def upgrade() -> None:
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_stakeholder_id', ['id', 'workspace_id'])
    for table in RECORDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'fk_{table}_workspace_id_workspace', type_='foreignkey')
            batch_op.drop_constraint(f'fk_{table}_stakeholder_id_stakeholder', type_='foreignkey')
            batch_op.create_foreign_key(
                f'fk_{table}_stakeholder_id_stakeholder',
                'stakeholder',
                ['stakeholder_id', 'workspace_id'],
                ['id', 'workspace_id'],
                ondelete='CASCADE',
            )


def downgrade() -> None:
    for table in RECORDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'fk_{table}_stakeholder_id_stakeholder', type_='foreignkey')
            batch_op.create_foreign_key(
                f'fk_{table}_stakeholder_id_stakeholder',
                'stakeholder',
                ['stakeholder_id'],
                ['id'],
                ondelete='CASCADE',
            )
            batch_op.create_foreign_key(
                f'fk_{table}_workspace_id_workspace',
                'workspace',
                ['workspace_id'],
                ['id'],
                ondelete='CASCADE',
            )
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.drop_constraint('uq_stakeholder_id', type_='unique')
